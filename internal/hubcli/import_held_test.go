package hubcli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"gongkai/internal/domain"
)

// TestImportHoldsBackNonPublic: `hub import` sends only 主动公开 documents
// to the kiosks' catalogue and keeps the others on the console's desk as
// 不发往终端.
func TestImportHoldsBackNonPublic(t *testing.T) {
	ctx := context.Background()
	dir := newHub(t)
	code, out, errs := run(t, "import", "--data", dir, copyDemo(t))
	if code != 0 || !strings.Contains(out, "2 份文件的公开属性不是主动公开") {
		t.Fatalf("import: %d\n%s%s", code, out, errs)
	}
	h := openHub(t, dir)
	defer h.Close()
	objs, err := h.Store.Objects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		var d domain.Document
		if o.Kind == domain.KindDocument && json.Unmarshal(o.Data, &d) == nil && d.Disclosure != domain.DisclosureProactive {
			t.Errorf("%s (%s) is in the kiosks' catalogue", d.ID, d.Disclosure)
		}
	}
	heldOnDesk(t, dir, "", 2)
}
