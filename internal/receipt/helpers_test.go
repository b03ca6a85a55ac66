package receipt_test

import (
	"image"
	_ "image/png" // pdftoppm's output
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"gongkai/internal/printer/printertest"
	"gongkai/internal/receipt"
	"gongkai/sync/protocol"
)

var beijing = time.FixedZone("CST", 8*3600)

const publicURL = "https://gk.yanggu.gov.cn"

// signup is an event sign-up on the waiting list.
func signup() receipt.Receipt {
	return receipt.Receipt{
		Agency:           "阳谷县教育和体育局",
		Kind:             protocol.KindSignup,
		Title:            "政府开放日活动报名",
		Tracking:         "0012-261125-0043-2",
		VerificationCode: "Q8W3ZD",
		Received:         time.Date(2026, 11, 25, 15, 1, 0, 0, beijing),
		Event: &receipt.EventInfo{
			Title:     "教育和体育局政府开放日",
			Start:     time.Date(2026, 12, 18, 9, 0, 0, 0, beijing),
			Place:     "阳谷县教育和体育局一楼政务公开专区",
			SeatState: protocol.StatusWaitlist,
		},
		Summary:    []receipt.Line{{Label: "报名人数", Value: "2人"}},
		HowToCheck: "候补转为确认后，工作人员将电话通知。",
		StatusURL:  receipt.StatusURL(publicURL, "0012-261125-0043-2", "Q8W3ZD"),
	}
}

// receipts are the cases every renderer test runs.
func receipts() map[string]receipt.Receipt {
	return map[string]receipt.Receipt{
		"application": printertest.Application(),
		"signup":      signup(),
		"test page":   receipt.TestPage("阳谷县教育和体育局", "gongkai-raw", time.Date(2026, 11, 25, 9, 0, 0, 0, beijing)),
	}
}

// decodeQR reads the one QR code in img.
func decodeQR(t testing.TB, img image.Image) string {
	t.Helper()
	s, err := receipt.ReadQR(img)
	if err != nil {
		t.Fatalf("no QR code read: %v", err)
	}
	return s
}

// rasterise renders page 1 of a PDF at dpi with pdftoppm.
func rasterise(t testing.TB, pdf []byte, dpi int) image.Image {
	t.Helper()
	bin := printertest.Tool(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-r", strconv.Itoa(dpi), "-png", "-singlefile", "-f", "1", "-l", "1", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("decode pdftoppm output: %v", err)
	}
	return img
}
