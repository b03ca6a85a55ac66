package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"gongkai/internal/domain"

	"gongkai/internal/ui/uitest"
)

// The golden images are the kiosk as a visitor sees it, drawn by Fyne's
// software painter with the bundled font and the fixed test clock. Review
// a changed image like code: testdata/failed/ holds the new rendering.
// The document is a fixture defined here, so edits to the demo catalogue
// do not break the images.

var goldenDoc = domain.Document{
	ID: "golden-1", Title: "关于印发《阳谷县义务教育学校招生入学办法》的通知",
	IndexNo: "11371521004338386X/2019-00031", Issuer: "阳谷县教育和体育局", DocNo: "阳教体发〔2019〕31号",
	Written: "2019-06-10", Published: "2019-06-12", CategoryID: "ywjy-zsgl-zszc", Topic: "教育",
	Disclosure: domain.DisclosureProactive, Validity: domain.ValidityRepealed, Keywords: []string{"招生", "入学"},
	Sample: true,
	Body: []domain.Block{
		{Kind: domain.BlockParagraph, Text: "各乡镇（街道）中心学校，县直各学校："},
		{Kind: domain.BlockParagraph, Text: "现将《阳谷县义务教育学校招生入学办法》印发给你们，请认真贯彻执行。"},
		{Kind: domain.BlockHeading, Level: 2, Text: "一、招生对象"},
		{Kind: domain.BlockList, Ordered: true, Items: []string{"年满六周岁的适龄儿童；", "小学毕业生。"}},
		{Kind: domain.BlockTable, Rows: [][]string{{"学段", "报名时间", "地点"}, {"小学", "7月1日至7月5日", "各学校"}}},
	},
	Attachments: []domain.Attachment{{Name: "招生入学办法.pdf", MediaType: "application/pdf", Size: 245_760}},
}

// TestGolden compares each screen with its image in testdata.
func TestGolden(t *testing.T) {
	for _, c := range []struct {
		image string
		doc   bool // the catalogue holds goldenDoc
		show  func(t *testing.T, a *App)
	}{
		{"home.png", false, func(*testing.T, *App) {}},
		{"home_large.png", false, func(_ *testing.T, a *App) { a.SetLargeText(true) }},
		{"document.png", true, func(_ *testing.T, a *App) { a.Push(NewDocumentScreen(a, goldenDoc.ID)) }},
		{"document_end.png", true, func(t *testing.T, a *App) {
			a.Push(NewDocumentScreen(a, goldenDoc.ID))
			current[*DocumentScreen](t, a).Scroll().ScrollToOffset(10_000) // to the table and the attachments
		}},
	} {
		t.Run(c.image, func(t *testing.T) {
			cat := uitest.MustCatalogue(t, 0)
			if c.doc {
				cat.Add(goldenDoc)
			}
			a, w, _ := newTestApp(t, cat, small)
			a.RefreshStatus()
			c.show(t, a)
			test.AssertImageMatches(t, c.image, w.Canvas().Capture())
		})
	}
}
