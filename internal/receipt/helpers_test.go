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

// application is a typical 政府信息公开申请 receipt with a provisional deadline.
func application() receipt.Receipt {
	deadline := time.Date(2026, 12, 23, 0, 0, 0, 0, beijing)
	return receipt.Receipt{
		Agency:           "阳谷县教育和体育局",
		Kind:             protocol.KindApplication,
		Title:            "政府信息公开申请",
		Tracking:         "0012-261125-0042-7",
		VerificationCode: "7KQ2MX",
		Received:         time.Date(2026, 11, 25, 14, 32, 0, 0, beijing),
		Deadline:         &deadline,
		Provisional:      true,
		Notes:            []string{receipt.NoteCorrection},
		Summary: []receipt.Line{
			{Label: "申请人", Value: receipt.MaskName("欧阳娜娜")},
			{Label: "联系电话", Value: receipt.MaskPhone("13800138000")},
			{Label: "所需信息", Value: "关于印发《阳谷县2021年义务教育招生工作方案》的通知（阳教体办发〔2021〕12号）及相关附件"},
			{Label: "获取方式", Value: "纸质，现场领取"},
		},
		HowToCheck: "凭受理编号和查询码，可在本机“办理进度查询”或手机扫描下方二维码查询办理进度。",
		StatusURL:  receipt.StatusURL(publicURL+"/", "0012-261125-0042-7", "7KQ2MX"),
	}
}

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
		"application": application(),
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
