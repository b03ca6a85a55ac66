package hub

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/sync/protocol"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func mustInit(t testing.TB) (*Hub, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	h, err := Init(context.Background(), t.TempDir(), Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h, clk
}

func obj(t testing.TB, kind, id string, v any) domain.Object {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return domain.Object{Kind: kind, ID: id, Data: b}
}

func doc(t testing.TB, id, title string, atts ...domain.Attachment) domain.Object {
	return obj(t, domain.KindDocument, id, domain.Document{ID: id, Title: title, CategoryID: "c1", Published: "2026-01-05", Validity: domain.ValidityValid, Attachments: atts})
}

func file(name, content string) (File, domain.Attachment) {
	sum := sha256.Sum256([]byte(content))
	sha := hex.EncodeToString(sum[:])
	f := File{SHA256: sha, Size: int64(len(content)), MediaType: "text/plain", Path: "files/" + name,
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }}
	return f, domain.Attachment{Name: name, MediaType: "text/plain", Size: int64(len(content)), SHA256: sha}
}

// mustImport imports cat into h, withdrawing what it lacks when prune.
func mustImport(t testing.TB, h *Hub, cat *Catalogue, prune bool) {
	t.Helper()
	if _, err := h.ImportCatalogue(context.Background(), cat, ImportOptions{Prune: prune}); err != nil {
		t.Fatal(err)
	}
}

func baseCatalogue(t testing.TB) *Catalogue {
	f, a := file("plan.txt", "工作计划全文")
	return &Catalogue{
		Objects: []domain.Object{
			obj(t, domain.KindCategory, "c1", domain.Category{ID: "c1", Name: "政策文件"}),
			doc(t, "d1", "关于做好招生工作的通知", a),
			doc(t, "d2", "2026年工作要点"),
		},
		Files: []File{f},
	}
}

// baseHub is a fresh hub holding baseCatalogue, which it returns too.
func (st storeMaker) baseHub(t testing.TB) (*Hub, *Catalogue) {
	t.Helper()
	h, _ := st.init(t)
	cat := baseCatalogue(t)
	mustImport(t, h, cat, false)
	return h, cat
}

func TestImportDiffs(t *testing.T) { eachStore(t, testImportDiffs) }

func testImportDiffs(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, _ := st.init(t)
	cat := baseCatalogue(t)
	res, err := h.ImportCatalogue(ctx, cat, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := *res, (ImportResult{From: 0, To: 3, Added: 3, Files: 1}); got != want {
		t.Fatalf("first import = %+v, want %+v", got, want)
	}

	repealed := doc(t, "d2", "2026年工作要点")
	var d domain.Document
	json.Unmarshal(repealed.Data, &d)
	d.Validity = domain.ValidityRepealed
	steps := []struct {
		name    string
		objects []domain.Object
		prune   bool
		want    ImportResult
	}{
		{"same catalogue again", cat.Objects, false, ImportResult{From: 3, To: 3, Unchanged: 3}},
		{"one title changed", []domain.Object{cat.Objects[0], cat.Objects[1], doc(t, "d2", "2026年工作要点（修订）")}, false,
			ImportResult{From: 3, To: 4, Updated: 1, Unchanged: 2}},
		{"废止 is an update", []domain.Object{cat.Objects[0], cat.Objects[1], obj(t, domain.KindDocument, "d2", d)}, false,
			ImportResult{From: 4, To: 5, Updated: 1, Unchanged: 2}},
		{"missing without prune stays", cat.Objects[:2], false, ImportResult{From: 5, To: 5, Unchanged: 2}},
		{"missing with prune is withdrawn", cat.Objects[:2], true, ImportResult{From: 5, To: 6, Deleted: 1, Unchanged: 2}},
		{"back again", cat.Objects, true, ImportResult{From: 6, To: 7, Added: 1, Unchanged: 2}},
	}
	for _, s := range steps {
		res, err := h.ImportCatalogue(ctx, &Catalogue{Objects: s.objects, Files: cat.Files}, ImportOptions{Prune: s.prune})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := *res; got != s.want {
			t.Errorf("%s: %+v, want %+v", s.name, got, s.want)
		}
	}
	changes, cut, head, err := h.Store.Changes(ctx, 5, 10, 1<<20)
	if err != nil || cut || head != 7 || len(changes) != 1 || changes[0].ID != "d2" || changes[0].Version != 7 {
		t.Fatalf("Changes(5) = %+v, cut %v, head %d, %v", changes, cut, head, err)
	}
}

// TestPagesAlignOnTheGrid checks that pages end on multiples of the limit,
// at the head, or at the byte budget, so kiosks from different versions
// converge on the same pages.
func TestPagesAlignOnTheGrid(t *testing.T) { eachStore(t, testPagesAlignOnTheGrid) }

func testPagesAlignOnTheGrid(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, _ := st.init(t)
	var objs []domain.Object
	for i := range 25 {
		objs = append(objs, doc(t, fmt.Sprintf("d%02d", i), strings.Repeat("长", 100)))
	}
	mustImport(t, h, &Catalogue{Objects: objs}, false)
	size := len(objs[0].Data) + 20 // about the same for every document
	tests := []struct {
		since     int64
		limit     int
		pageBytes int
		from, to  int64
		changes   int
		more      bool
	}{
		{0, 10, 1 << 20, 0, 10, 10, true},
		{3, 10, 1 << 20, 3, 10, 7, true},
		{10, 10, 1 << 20, 10, 20, 10, true},
		{17, 10, 1 << 20, 17, 20, 3, true},
		{20, 10, 1 << 20, 20, 25, 5, false},
		{25, 10, 1 << 20, 25, 25, 0, false},
		{3, 10, 3 * size, 3, 6, 3, true},
		{3, 10, 1, 3, 4, 1, true},        // always at least one change
		{3, 20, 4 * size, 3, 6, 3, true}, // cut on the finer grid (20/10)
		{5, 20, 4 * size, 5, 8, 3, true}, // another start meets it again
		{6, 20, 4 * size, 6, 10, 4, true},
	}
	for _, tt := range tests {
		h.PageBytes = tt.pageBytes
		_, p, err := h.Page(ctx, tt.since, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if p.From != tt.from || p.To != tt.to || len(p.Changes) != tt.changes || p.More != tt.more {
			t.Errorf("Page(%d, %d) with %d bytes = %d..%d, %d changes, more %v; want %d..%d, %d, %v", tt.since, tt.limit, tt.pageBytes,
				p.From, p.To, len(p.Changes), p.More, tt.from, tt.to, tt.changes, tt.more)
		}
	}
	if _, _, err := h.Page(ctx, 26, 10); !errors.Is(err, ErrAhead) {
		t.Errorf("page above the head = %v, want ErrAhead", err)
	}
}

func TestDigestMatchesDomain(t *testing.T) { eachStore(t, testDigestMatchesDomain) }

func testDigestMatchesDomain(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, cat := st.baseHub(t)
	mustImport(t, h, &Catalogue{Objects: cat.Objects[:2]}, true)
	objs, err := h.Store.Objects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := domain.CatalogueDigest(objs); got != want || len(objs) != 2 {
		t.Fatalf("Digest = %s over %d objects, CatalogueDigest = %s", got, len(objs), want)
	}
}

func TestImportRefusesAndChangesNothing(t *testing.T) {
	eachStore(t, testImportRefusesAndChangesNothing)
}

func testImportRefusesAndChangesNothing(t *testing.T, st storeMaker) {
	ctx := context.Background()
	f, a := file("plan.txt", "全文")
	bad := f
	bad.Open = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("全问")), nil }
	tests := []struct {
		name string
		cat  *Catalogue
		want string
	}{
		{"attachment nowhere", &Catalogue{Objects: []domain.Object{doc(t, "d9", "x", a)}}, "d9"},
		{"attachment bytes differ", &Catalogue{Objects: []domain.Object{doc(t, "d9", "x", a)}, Files: []File{bad}}, "files/plan.txt"},
		{"not JSON", &Catalogue{Objects: []domain.Object{{Kind: domain.KindDocument, ID: "d9", Data: []byte("{")}}}, "d9"},
		{"twice", &Catalogue{Objects: []domain.Object{doc(t, "d9", "x"), doc(t, "d9", "y")}}, "d9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := st.baseHub(t)
			before, _ := h.Digest(ctx)
			_, err := h.ImportCatalogue(ctx, tt.cat, ImportOptions{Prune: true})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("import = %v, want an error naming %s", err, tt.want)
			}
			after, _ := h.Digest(ctx)
			if head, _ := h.Store.Head(ctx); head != 3 || after != before {
				t.Fatalf("after a refused import: head %d, digest changed %v", head, after != before)
			}
			if ents, _ := filepath.Glob(filepath.Join(h.Dir, "blobs", "*", "*.part")); len(ents) > 0 {
				t.Errorf("partial blobs left: %v", ents)
			}
		})
	}
}

func TestEnrolCodes(t *testing.T) { eachStore(t, testEnrolCodes) }

func testEnrolCodes(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, clk := st.init(t)
	code, exp, err := h.NewEnrollCode(ctx, "一楼大厅")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := exp.Sub(clk.Now()), 24*time.Hour; got != want {
		t.Errorf("code expires in %s, want %s", got, want)
	}
	r1, err := h.Enroll(ctx, strings.ToLower(code))
	if err != nil {
		t.Fatalf("enrol with a fresh code (typed in lower case): %v", err)
	}
	if r1.KioskNo != 1 || r1.Name != "一楼大厅" || r1.KeyID != h.Keys.KeyID() || !strings.HasPrefix(r1.AgeRecipient, "age1") {
		t.Errorf("enrol response = %+v", r1)
	}
	if _, err := h.Enroll(ctx, code); !errors.Is(err, ErrEnrollCode) {
		t.Errorf("second use of a code = %v, want ErrEnrollCode", err)
	}
	late, _, _ := h.NewEnrollCode(ctx, "")
	clk.Add(24*time.Hour + time.Second)
	if _, err := h.Enroll(ctx, late); !errors.Is(err, ErrEnrollCode) {
		t.Errorf("code after 24 h = %v, want ErrEnrollCode", err)
	}
	next, _, _ := h.NewEnrollCode(ctx, "")
	clk.Add(23 * time.Hour)
	r2, err := h.Enroll(ctx, next)
	if err != nil || r2.KioskNo != 2 || r2.Name != "终端 2" {
		t.Fatalf("code after 23 h = %+v, %v", r2, err)
	}
	if _, err := h.Enroll(ctx, "0000-0000-0000"); !errors.Is(err, ErrEnrollCode) {
		t.Errorf("made-up code = %v", err)
	}

	k, err := h.Authenticate(ctx, "Bearer "+r1.KioskID+"."+r1.Token)
	if err != nil || k.No != 1 {
		t.Fatalf("Authenticate = %+v, %v", k, err)
	}
	for _, bad := range []string{"", "Bearer x", "Bearer " + r1.KioskID + ".wrong", "Bearer " + r2.KioskID + "." + r1.Token, "Basic abc"} {
		if _, err := h.Authenticate(ctx, bad); !errors.Is(err, ErrUnknown) {
			t.Errorf("Authenticate(%q) = %v, want ErrUnknown", bad, err)
		}
	}
	if _, err := h.Store.Revoke(ctx, "1", clk.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Authenticate(ctx, "Bearer "+r1.KioskID+"."+r1.Token); !errors.Is(err, ErrRevoked) {
		t.Errorf("revoked kiosk = %v, want ErrRevoked", err)
	}
}

func TestKeysArePrivate(t *testing.T) {
	h, _ := mustInit(t)
	for _, name := range []string{SignKeyFile, AgeKeyFile} {
		st, err := os.Stat(filepath.Join(h.Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %o, want 600", name, st.Mode().Perm())
		}
	}
	if _, err := Init(context.Background(), h.Dir, Options{}); err == nil {
		t.Error("Init over an existing hub succeeded")
	}
	os.Chmod(filepath.Join(h.Dir, SignKeyFile), 0o644)
	if _, err := Open(context.Background(), h.Dir, Options{}); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("Open with a world-readable key = %v", err)
	}
}

func TestBundleReadsBack(t *testing.T) { eachStore(t, testBundleReadsBack) }

func testBundleReadsBack(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, _ := st.init(t)
	cat := baseCatalogue(t)
	for i := range 1200 {
		cat.Objects = append(cat.Objects, doc(t, fmt.Sprintf("g%04d", i), "文件"))
	}
	mustImport(t, h, cat, false)
	path := filepath.Join(t.TempDir(), "gongkai-full.bundle")
	m, err := h.WriteBundle(ctx, path, BundleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Pages != 3 || m.To != 1203 || len(m.Attachments) != 1 {
		t.Fatalf("manifest = %d pages to %d, %d files", m.Pages, m.To, len(m.Attachments))
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br, err := protocol.NewBundleReader(f, h.Keys.SignPublic())
	if err != nil {
		t.Fatal(err)
	}
	changes, files := 0, 0
	for {
		it, err := br.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if it.Page != nil {
			changes += len(it.Page.Changes)
		} else if b, err := io.ReadAll(it.Body); err != nil || string(b) != "工作计划全文" {
			t.Fatalf("attachment = %q, %v", b, err)
		} else {
			files++
		}
	}
	if changes != 1203 || files != 1 {
		t.Errorf("bundle holds %d changes and %d files, want 1203 and 1", changes, files)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*")); len(left) != 1 {
		t.Errorf("temporary files left next to the bundle: %v", left)
	}
}
