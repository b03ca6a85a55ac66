package receipt_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/printer/printertest"
	"gongkai/internal/receipt"
)

// document returns a catalogue document with every kind of body block,
// its body repeated n times to make it as long as a test needs.
func document(n int) *domain.Document {
	d := &domain.Document{
		ID:         "yjt-2021-12",
		Title:      "关于印发《阳谷县2021年政务公开工作要点》的通知",
		IndexNo:    "11371521004338391X/2021-00012",
		Issuer:     "阳谷县教育和体育局",
		DocNo:      "阳教体办发〔2021〕12号",
		Written:    "2021-08-25",
		Published:  "2021-08-27",
		Topic:      "教育",
		Disclosure: domain.DisclosureProactive,
		Validity:   domain.ValidityValid,
		Keywords:   []string{"政务公开", "工作要点"},
		Sample:     true,
		Attachments: []domain.Attachment{
			{Name: "2021年政务公开工作要点.pdf", MediaType: "application/pdf"},
		},
	}
	for i := range n {
		d.Body = append(d.Body,
			domain.Block{Kind: domain.BlockHeading, Level: 1, Text: fmt.Sprintf("第%d部分 总体要求", i+1)},
			domain.Block{Kind: domain.BlockParagraph, Text: "坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开，详见 https://www.yanggu.gov.cn/ 公开专栏。"},
			domain.Block{Kind: domain.BlockList, Ordered: true, Items: []string{"加强政策解读", "做好依申请公开"}},
			domain.Block{Kind: domain.BlockTable, Rows: [][]string{
				{"序号", "工作任务", "责任单位"},
				{"1", "更新政府信息公开指南", "办公室"},
			}},
		)
	}
	return d
}

func TestRenderDocumentPDF(t *testing.T) {
	pdf, pages, err := receipt.RenderDocumentPDF(document(1), "阳谷县教育和体育局", 5)
	if err != nil {
		t.Fatalf("RenderDocumentPDF: %v", err)
	}
	if pages != 1 {
		t.Fatalf("%d pages, want 1", pages)
	}
	text := strings.Join(strings.Fields(printertest.PDFText(t, pdf)), "")
	for _, want := range []string{
		"关于印发《阳谷县2021年政务公开工作要点》的通知", "示例文件",
		"索引号", "11371521004338391X/2021-00012", "发布机构", "阳教体办发〔2021〕12号", "2021-08-27", "政务公开、工作要点",
		"第1部分总体要求", "坚持以公开为常态", "https://www.yanggu.gov.cn/", "1.加强政策解读", "2.做好依申请公开",
		"工作任务", "更新政府信息公开指南", "附件：", "2021年政务公开工作要点.pdf", "第1页共1页",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

func TestRenderDocumentPDFPages(t *testing.T) {
	for _, tc := range []struct {
		name     string
		repeat   int
		maxPages int
		wantErr  bool
	}{
		{"several pages under the limit", 12, 10, false},
		{"no limit", 12, 0, false},
		{"over the limit", 12, 2, true},
		{"exactly one page allowed", 1, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, pages, err := receipt.RenderDocumentPDF(document(tc.repeat), "阳谷县教育和体育局", tc.maxPages)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("rendered %d pages over a limit of %d", pages, tc.maxPages)
				}
				if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.ErrorMessage(err), "页") {
					t.Fatalf("error %v: want an invalid-input domain.Error in Chinese", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("RenderDocumentPDF: %v", err)
			}
			if tc.maxPages > 0 && pages > tc.maxPages {
				t.Fatalf("%d pages over the limit %d", pages, tc.maxPages)
			}
			if got := pdfPages(t, pdf); got != pages {
				t.Fatalf("returned %d pages, the PDF has %d", pages, got)
			}
			text := strings.Join(strings.Fields(printertest.PDFText(t, pdf)), "")
			if want := fmt.Sprintf("第%d页共%d页", pages, pages); !strings.Contains(text, want) {
				t.Errorf("no %q footer", want)
			}
		})
	}
}

func TestRenderDocumentPDFNil(t *testing.T) {
	if _, _, err := receipt.RenderDocumentPDF(nil, "x", 1); err == nil {
		t.Fatal("a nil document rendered")
	}
}

// pdfPages counts a PDF's pages with pdfinfo.
func pdfPages(t testing.TB, pdf []byte) int {
	t.Helper()
	bin := printertest.Tool(t, "pdfinfo")
	path := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, l := range bytes.Split(out, []byte("\n")) {
		var n int
		if _, err := fmt.Sscanf(string(l), "Pages: %d", &n); err == nil {
			return n
		}
	}
	t.Fatalf("pdfinfo gave no page count:\n%s", out)
	return 0
}
