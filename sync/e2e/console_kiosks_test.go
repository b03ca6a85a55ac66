package e2e

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/console/browsertest"
	"gongkai/internal/kioskcli"
	"gongkai/sync/client"
	"gongkai/sync/protocol"
)

// TestConsoleKiosks: the administrator makes an enrolment code (and its
// QR) on the 终端 page and a kiosk enrols with it on its command line; a
// kiosk whose printer runs out of paper reports it with its next sync and
// the page and `hub kiosks` warn of it until it reports ready again;
// kiosks silent for longer than --kiosk-stale are flagged; a revoked
// kiosk can no longer sync.
func TestConsoleKiosks(t *testing.T) {
	ctx := context.Background()
	clk, srv, code := consoleHub(t, "--kiosk-stale", "2h", "--kiosk-url", "http://hub.example:8440")
	shots := os.Getenv("GONGKAI_SCREENSHOTS")
	browsertest.Run(t, clk.Now, consolePW+"\n", "user", "add", "--data", srv.Dir, "--login", "wang", "--role", "管理员", "--name", "王管理")

	// A kiosk whose sync client reports its health.
	k := enrolKiosk(t, clk, srv.APIURL, code)
	health := protocol.KioskReport{App: "1.4.0", Queue: 2, Oldest: clk.Now().Add(-10 * time.Minute), Printer: protocol.PrinterPaperOut, FreeDisk: 20 << 30}
	reporting := client.New(k.dir, client.NewStoreCatalogue(k.st), client.Options{Now: clk.Now,
		Report: func(context.Context) protocol.KioskReport { return health }})
	if _, err := reporting.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	b := openConsole(t, srv, "wang")
	b.Go(srv.ConsoleURL + "/kiosks")
	row := `#kiosk-list tr[data-no="1"]`
	if !strings.Contains(b.Text(row+" .warnings"), "打印机缺纸") || b.Text(row+" .printer") != "缺纸" || !b.Has(row+".overdue") {
		t.Fatalf("the kiosk out of paper: %s", b.Text(row))
	}
	if !strings.Contains(b.Text(row), "1.4.0") || !strings.Contains(b.Text(row), "20.0 GB") {
		t.Errorf("the report: %s", b.Text(row))
	}
	if out := browsertest.Run(t, clk.Now, "", "kiosks", "--data", srv.Dir); !strings.Contains(out, "打印机缺纸") || !strings.Contains(out, "1.4.0") {
		t.Errorf("hub kiosks does not warn:\n%s", out)
	}

	// Enrolment from the page: a code, its QR, the command.
	b.Fill(map[string]string{"#enrol-form [name=name]": "二楼自助区"})
	b.submit("#do-enrol")
	newCode := b.Text("#code")
	if w, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`document.querySelector("#enrol-qr").naturalWidth`)); err != nil || w == 0 {
		t.Errorf("the enrolment QR does not load: %d %v", w, err)
	}
	if !b.Has("#enrol-qr") || !strings.Contains(b.Text("#enrol-command"), "kiosk enroll --hub http://hub.example:8440 --code "+newCode) {
		t.Fatalf("enrolment: %s", b.Text("#enrol-code"))
	}
	b.Screenshot(shots, "kiosks.png")
	cli := newCLIKiosk(t, clk.Now, srv.APIURL, newCode)
	cli.sync()
	b.Go(srv.ConsoleURL + "/kiosks")
	if got := b.Text(`#kiosk-list tr[data-no="2"]`); !strings.Contains(got, "二楼自助区") || strings.Contains(got, "从未联系") {
		t.Errorf("the new kiosk: %s", got)
	}

	// Paper loaded: the warning goes with the next sync.
	health.Printer = protocol.PrinterReady
	if _, err := reporting.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	b.Go(srv.ConsoleURL + "/kiosks")
	if strings.Contains(b.Text(row), "缺纸") || b.Has(row+".overdue") {
		t.Errorf("still warned after the paper was loaded: %s", b.Text(row))
	}

	// Three hours without contact: both kiosks are flagged.
	clk.Advance(3 * time.Hour)
	b.login("wang") // the session ended after 30 idle minutes
	b.Go(srv.ConsoleURL + "/kiosks")
	for _, no := range []string{"1", "2"} {
		if got := b.Text(`#kiosk-list tr[data-no="` + no + `"] .warnings`); !strings.Contains(got, "未联系中心（超过 2 小时）") {
			t.Errorf("kiosk %s after 3 h: %q", no, got)
		}
	}

	// Revoked: the kiosk's next sync is refused.
	b.Click("#revoke-2")
	if !strings.Contains(b.Text(`#kiosk-list tr[data-no="2"]`), "已停用") {
		t.Fatalf("revoke: %s", b.Text("main"))
	}
	var out, errb bytes.Buffer
	env := &kioskcli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: clk.Now}
	if code := kioskcli.Main(ctx, []string{"sync", "--data", cli.dir}, env); code == 0 || !strings.Contains(errb.String(), "停用") {
		t.Errorf("a revoked kiosk synced: %d %s", code, errb.String())
	}
	if !strings.Contains(b.Text("#kiosk-list"), "已停用") {
		t.Error("no revoked kiosk listed")
	}
}
