package receipt_test

import (
	"bytes"
	"strings"
	"testing"

	"gongkai/internal/printer/printertest"
	"gongkai/internal/receipt"
)

func TestPDF(t *testing.T) {
	for _, tc := range []struct {
		name  string
		r     receipt.Receipt
		page  receipt.PageSize
		texts []string // must all appear in the extracted text
	}{
		{"application A4", printertest.Application(), receipt.PageA4, []string{
			"阳谷县教育和体育局", "0012-261125-0042-7", "7KQ2MX", "2026年11月25日 14:32",
			"2026年12月23日（星期三）前（暂定）", "《政府信息公开条例》第三十三条", "重新计算", "欧***", "138****8000",
		}},
		{"application roll", printertest.Application(), receipt.PageRoll80, []string{
			"0012-261125-0042-7", "2026年12月23日（星期三）前（暂定）", "暂定",
		}},
		{"signup roll 58", signup(), receipt.PageRoll58, []string{
			"0012-261125-0043-2", "教育和体育局政府开放日", "2026年12月18日 09:00", "候补",
		}},
		{"test page", receipt.TestPage("阳谷县教育和体育局", "gongkai-pdf", printertest.Application().Received), receipt.PageRoll80, []string{
			"打印测试页", "gongkai-pdf", "喆堃玥镕",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, page, err := receipt.RenderPDFPage(tc.r, tc.page)
			if err != nil {
				t.Fatalf("RenderPDFPage: %v", err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("not a PDF: %q", pdf[:min(20, len(pdf))])
			}
			if page.Width != tc.page.Width || (tc.page.Roll() && (page.Height < 100 || page.Height > 400)) {
				t.Fatalf("page %gx%g mm", page.Width, page.Height)
			}
			text := strings.Join(strings.Fields(printertest.PDFText(t, pdf)), "")
			for _, want := range tc.texts {
				if !strings.Contains(text, strings.Join(strings.Fields(want), "")) {
					t.Errorf("text lacks %q:\n%s", want, text)
				}
			}
			if got := decodeQR(t, rasterise(t, pdf, 200)); got != tc.r.StatusURL {
				t.Fatalf("QR on the page reads %q, want %q", got, tc.r.StatusURL)
			}
		})
	}
}

func TestPDFDeterministic(t *testing.T) {
	a, err := receipt.RenderPDF(printertest.Application(), receipt.PageRoll80)
	if err != nil {
		t.Fatal(err)
	}
	b, err := receipt.RenderPDF(printertest.Application(), receipt.PageRoll80)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("the same receipt gave different PDF bytes")
	}
}

// TestPDFQRIsVector checks the QR code is drawn as rectangles, not an image.
func TestPDFQRIsVector(t *testing.T) {
	pdf, err := receipt.RenderPDF(printertest.Application(), receipt.PageA4)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Fatal("the PDF embeds an image")
	}
}

func TestPDFRejects(t *testing.T) {
	noTitle := printertest.Application()
	noTitle.Title = ""
	for _, tc := range []struct {
		name string
		r    receipt.Receipt
		page receipt.PageSize
	}{
		{"tiny page", printertest.Application(), receipt.PageSize{Width: 10}},
		{"no title", noTitle, receipt.PageA4},
	} {
		if _, err := receipt.RenderPDF(tc.r, tc.page); err == nil {
			t.Errorf("%s: RenderPDF succeeded", tc.name)
		}
	}
}
