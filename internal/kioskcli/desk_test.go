package kioskcli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/cmdline/cmdlinetest"
	"gongkai/internal/printer/printertest"
	"gongkai/internal/receipt"
	"gongkai/internal/reprint/reprinttest"
)

// The tests in this file take a paper form at the desk with kiosk submit
// and give the person their receipt: printed, archived, reprinted and
// written to a file, always through the kiosk's command line.

// deskConfig writes a configuration file with a public status URL and the
// given [printer] section, and returns its path.
func deskConfig(t *testing.T, printerSection string) string {
	t.Helper()
	return kioskConfig(t, "[sync]\npublic_url = \""+publicURL+"\"\n\n[printer]\n"+printerSection)
}

// kioskConfig writes body as a kiosk.toml and returns its path.
func kioskConfig(t *testing.T, body string) string {
	return cmdlinetest.ConfigFile(t, "kiosk.toml", body)
}

// tcpPrinterConfig is a kiosk.toml whose printer is tp.
func tcpPrinterConfig(t *testing.T, tp *reprinttest.TCPPrinter) string {
	t.Helper()
	return kioskConfig(t, "[printer]\ntransport = \"tcp\"\naddress = \""+tp.Addr()+"\"\n")
}

// submitted parses kiosk submit's JSON output and returns the tracking
// number and the status URL its receipt carries.
func submitted(t *testing.T, out string) (trk, statusURL string) {
	t.Helper()
	var res struct {
		Tracking string `json:"tracking_number"`
		Code     string `json:"verification_code"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Tracking == "" || res.Code == "" {
		t.Fatalf("kiosk submit printed no tracking number and code: %v\n%s", err, out)
	}
	return res.Tracking, receipt.StatusURL(publicURL, res.Tracking, res.Code)
}

// TestSubmitPrintThroughCUPS is the desk with a real CUPS printer
// (cups-pdf): kiosk submit --print prints the paper form's receipt, whose
// QR code zbarimg reads as the status URL; kiosk reprint prints it again
// and writes it as a PDF (read back with pdftotext and zbarimg) and as
// ESC/POS bytes (decoded and read with gozxing).
func TestSubmitPrintThroughCUPS(t *testing.T) {
	cups := reprinttest.NeedCUPSPDF(t)
	data := filepath.Join(t.TempDir(), "data")
	enrolForSubmitTest(t, data)
	conf := deskConfig(t, "transport = \"cups-pdf\"\nqueue = \""+cups.Queue+"\"\ntimeout = \"60s\"\n")

	before := cups.Files()
	out, errs, status := runWith("", "submit", "--data", data, "--config", conf, "--print", "--json", exampleApplication(t))
	if status != 0 {
		t.Fatalf("submit --print: status %d: %s", status, errs)
	}
	trk, want := submitted(t, out)
	if !strings.Contains(errs, "回执已在") {
		t.Errorf("submit --print does not say the receipt printed: %q", errs)
	}
	cups.WaitQR(t, before, want)

	t.Run("reprint on the printer", func(t *testing.T) {
		before := cups.Files()
		if out, errs, status := runCLI("reprint", "--data", data, "--config", conf, trk); status != 0 || !strings.Contains(out, "补打") {
			t.Fatalf("reprint: status %d, out %q, err %q", status, out, errs)
		}
		cups.WaitQR(t, before, want)
	})
	t.Run("pdf file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "x.pdf")
		// As staff type it: the number first, then the flags.
		if _, errs, status := runCLI("reprint", trk, "--data", data, "--out", file, "--format", "pdf"); status != 0 {
			t.Fatalf("status %d: %s", status, errs)
		}
		if got := printertest.ScanPDF(t, file); got != want {
			t.Errorf("the PDF's QR reads %q, want %q", got, want)
		}
		txt := printertest.PDFFileText(t, file)
		for _, s := range []string{trk, "政府信息公开申请", "纸质申请", "yg-014"} {
			if !strings.Contains(txt, s) {
				t.Errorf("the PDF's text lacks %q:\n%s", s, txt)
			}
		}
		if strings.Contains(txt, "张三") {
			t.Error("the receipt shows the applicant's name unmasked")
		}
	})
	t.Run("escpos file", func(t *testing.T) {
		if got := escposFileQR(t, data, trk, "--format", "escpos"); got != want {
			t.Errorf("the ESC/POS file's QR reads %q, want %q", got, want)
		}
	})
}

// escposFileQR writes the archived receipt of trk to a .bin file with
// kiosk reprint --out (and flags), decodes the ESC/POS bytes and reads
// the QR code with gozxing.
func escposFileQR(t *testing.T, data, trk string, flags ...string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "receipt.bin")
	args := append(append([]string{"reprint", "--data", data, "--out", file}, flags...), trk)
	if _, errs, status := runCLI(args...); status != 0 {
		t.Fatalf("kiosk %v: status %d: %s", args, status, errs)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return reprinttest.QR(t, b)
}

// TestSubmitArchivesWithoutPrinting: a paper form entered without --print
// (no printer at the desk) still leaves a receipt kiosk reprint can write
// out; before, it answered 没有受理编号 … 的回执存档.
func TestSubmitArchivesWithoutPrinting(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	enrolForSubmitTest(t, data)
	conf := deskConfig(t, "")
	out, errs, status := runWith("", "submit", "--data", data, "--config", conf, "--json", exampleApplication(t))
	if status != 0 {
		t.Fatalf("submit: status %d: %s", status, errs)
	}
	trk, want := submitted(t, out)
	t.Logf("kiosk submit says:\n%s", errs)
	if !strings.Contains(errs, "回执已存档") || !strings.Contains(errs, "kiosk reprint "+trk) {
		t.Errorf("submit does not say how to get the receipt: %q", errs)
	}
	if got := escposFileQR(t, data, trk); got != want {
		t.Errorf("QR %q, want %q", got, want)
	}
}

// TestSubmitPrintFails: --print with a printer that does not answer keeps
// the submission queued, says so in Chinese with the number to reprint,
// exits 3 (not 1: nothing must be submitted again) and lists the receipt
// for staff; --print with no printer configured queues nothing.
func TestSubmitPrintFails(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	enrolForSubmitTest(t, data)

	_, errs, status := runWith("", "submit", "--data", data, "--config", deskConfig(t, ""), "--print", "--json", exampleApplication(t))
	if status != 1 || !strings.Contains(errs, "--print 需要回执打印机") || !strings.Contains(errs, "未提交任何内容") {
		t.Errorf("--print without a printer: status %d, %q", status, errs)
	}
	if out, _, _ := runWith("", "queue", "--data", data); !strings.Contains(out, "队列为空") {
		t.Fatalf("--print without a printer queued the form:\n%s", out)
	}

	tp := reprinttest.NewTCPPrinter(t)
	tp.Close() // nothing listens there any more
	conf := deskConfig(t, "transport = \"tcp\"\naddress = \""+tp.Addr()+"\"\ntimeout = \"2s\"\n")
	out, errs, status := runWith("", "submit", "--data", data, "--config", conf, "--print", "--json", exampleApplication(t))
	if status != exitNotPrinted {
		t.Fatalf("status %d, want %d: %s", status, exitNotPrinted, errs)
	}
	trk, _ := submitted(t, out)
	t.Logf("kiosk submit --print to a dead printer says:\n%s", errs)
	for _, s := range []string{"回执未能打印", "提交已保存", "不要重复提交", trk, "kiosk reprint " + trk} {
		if !strings.Contains(errs, s) {
			t.Errorf("stderr lacks %q: %q", s, errs)
		}
	}
	if strings.Contains(errs, "dial tcp") {
		t.Errorf("a Go error string reached the console: %q", errs)
	}
	if q, _, _ := runWith("", "queue", "--data", data); !strings.Contains(q, trk) {
		t.Errorf("the submission is not queued after the failed print:\n%s", q)
	}
	if p, _, _ := runCLI("reprint", "--data", data, "--pending"); !strings.Contains(p, "1 张回执待补打") || !strings.Contains(p, trk) {
		t.Errorf("reprint --pending:\n%s", p)
	}
}
