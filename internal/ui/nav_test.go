package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"

	"gongkai/internal/ui/uitest"
)

func TestHomeToCategoryToDocumentAndBack(t *testing.T) {
	cat := uitest.MustCatalogue(t, 0)
	a, w, _ := newTestApp(t, cat, hd)
	a.RefreshStatus()

	if got, want := a.Header().Agency.Text(), "阳谷县教育和体育局"; got != want {
		t.Errorf("agency = %q, want %q", got, want)
	}
	if got, want := a.Header().StateText(), "演示数据"; got != want {
		t.Errorf("state = %q, want %q", got, want)
	}
	if got, want := a.Header().ClockText(), "2026年3月16日 星期一 09:30"; got != want {
		t.Errorf("clock = %q, want %q", got, want)
	}
	if !a.nav.back.Disabled() || !a.nav.home.Disabled() {
		t.Error("返回 and 首页 should be disabled at home")
	}

	tapOn(w, a.Tile(TileBrowse))
	top := current[*CategoryScreen](t, a)
	if got := top.Rows(); len(got) < 10 || got[0] != "机构职能" {
		t.Fatalf("top-level rows = %v", got)
	}
	if a.nav.back.Disabled() {
		t.Error("返回 disabled on a pushed screen")
	}

	tapOn(w, categoryRowNamed(t, w, "政策法规"))
	mid := current[*CategoryScreen](t, a)
	if got, want := strings.Join(mid.Rows(), ","), "本类全部文件,行政规范性文件,政策性文件"; got != want {
		t.Fatalf("政策法规 rows = %s, want %s", got, want)
	}
	if got := PlainText(categoryRowNamed(t, w, "政策性文件").count); !strings.HasSuffix(got, " 件") || got == "0 件" {
		t.Errorf("政策性文件 count = %q", got)
	}

	tapOn(w, categoryRowNamed(t, w, "政策性文件"))
	list := current[*DocumentListScreen](t, a)
	if list.Total() == 0 {
		t.Fatal("政策性文件 lists no documents")
	}
	var seedRow *docRow
	for _, r := range docRows(w) {
		if strings.Contains(r.Text(), "阳教体办发〔2021〕12号") {
			seedRow = r
		}
	}
	if seedRow == nil {
		t.Fatal("the seed document is not listed under 政策性文件")
	}

	tapOn(w, seedRow)
	doc := current[*DocumentScreen](t, a)
	if d := doc.Document(); d == nil || d.DocNo != "阳教体办发〔2021〕12号" {
		t.Fatalf("document = %+v", d)
	}
	shown := texts(w)
	for _, want := range []string{"索引号", "发布机构", "文号", "成文日期", "发布日期", "主题分类", "公开属性", "有效性", "关键词",
		"阳教体办发〔2021〕12号", "2021-08-25", "阳谷县教育和体育局"} {
		if _, ok := shown[want]; !ok {
			t.Errorf("document view does not show %q", want)
		}
	}

	tapOn(w, a.nav.back)
	if _, ok := a.Current().(*DocumentListScreen); !ok {
		t.Fatalf("返回 from the document went to %T", a.Current())
	}
	if doc.Document() != nil {
		t.Error("a popped document screen keeps its document")
	}
	tapOn(w, a.nav.home)
	if a.Depth() != 1 {
		t.Fatalf("首页 left depth %d", a.Depth())
	}
	if _, ok := a.Current().(*HomeScreen); !ok {
		t.Fatalf("首页 went to %T", a.Current())
	}
}

func TestInterpretationLinksBothWays(t *testing.T) {
	cat := uitest.MustCatalogue(t, 0)
	var reading *domain.Document
	for i := range cat.Docs {
		if cat.Docs[i].Interprets != "" {
			reading = &cat.Docs[i]
			break
		}
	}
	if reading == nil {
		t.Fatal("the demo catalogue has no 政策解读")
	}
	a, w, _ := newTestApp(t, cat, hd)
	a.Push(NewDocumentScreen(a, reading.Interprets))
	orig := current[*DocumentScreen](t, a)
	link := orig.Link(reading.ID)
	if link == nil {
		t.Fatalf("document %s does not link its 解读 %s", reading.Interprets, reading.ID)
	}
	tapOn(w, link)
	r := current[*DocumentScreen](t, a)
	if r.Document().ID != reading.ID || r.Title() != "政策解读" {
		t.Fatalf("tapping 相关解读 opened %s (%s)", r.Document().ID, r.Title())
	}
	back := r.Link(reading.Interprets)
	if back == nil {
		t.Fatal("a 解读 does not link the document it explains")
	}
	tapOn(w, back)
	if got := current[*DocumentScreen](t, a).Document().ID; got != reading.Interprets {
		t.Fatalf("解读的文件 opened %s", got)
	}
}

func TestPolicyTileBrowsesInterpretations(t *testing.T) {
	a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
	tapOn(w, a.Tile(TilePolicy))
	list := current[*DocumentListScreen](t, a)
	if list.Title() != "政策解读" || list.Total() < 2 {
		t.Fatalf("政策解读 tile opened %q with %d documents", list.Title(), list.Total())
	}
}

func TestTilesOpenTheirScreens(t *testing.T) {
	tests := []struct {
		tile  string
		title string
	}{
		{TileBrowse, "政府信息公开目录"},
		{TileSearch, "搜索公开文件"},
		{TileApply, TileApply},
		{TileConsult, "意见征集"},
		{TileEvents, "活动报名"},
		{TileFeedback, TileFeedback},
		{TileProgress, TileProgress},
		{TilePolicy, "政策解读"},
	}
	a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
	for _, tt := range tests {
		tapOn(w, a.Tile(tt.tile))
		if got := a.Current().Title(); got != tt.title {
			t.Errorf("tile %s opened %q, want %q", tt.tile, got, tt.title)
		}
		a.Home()
	}
	called := false
	a.SetTileHandler(TileApply, func() { called = true })
	tapOn(w, a.Tile(TileApply))
	if !called || a.Depth() != 1 {
		t.Error("SetTileHandler did not replace the tile's handler")
	}
}

func TestComingSoonIsHonest(t *testing.T) {
	a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
	tapOn(w, a.Tile(TileFeedback))
	shown := strings.Join(keys(texts(w)), "")
	if !strings.Contains(shown, "即将开放") || !strings.Contains(shown, "服务窗口") {
		t.Errorf("coming-soon page says %q", shown)
	}
}

func TestConsultationsAndEventsListed(t *testing.T) {
	cat := uitest.MustCatalogue(t, 0)
	a, w, _ := newTestApp(t, cat, hd)
	tapOn(w, a.Tile(TileConsult))
	shown := strings.Join(keys(texts(w)), "\n")
	for _, c := range cat.Cons {
		if !strings.Contains(shown, c.Opens) {
			t.Errorf("consultation %s: its dates are not shown", c.ID)
		}
	}
	a.Home()
	tapOn(w, a.Tile(TileEvents))
	shown = strings.Join(keys(texts(w)), "\n")
	if !strings.Contains(shown, "地点：") {
		t.Errorf("events page shows no place:\n%s", shown)
	}
}

func TestCatalogueErrorsShowChineseMessage(t *testing.T) {
	cat := uitest.MustCatalogue(t, 0)
	cat.Fail = errors.New("sql: database is locked")
	a, w, _ := newTestApp(t, cat, hd)
	a.RefreshStatus()
	tapOn(w, a.Tile(TileBrowse))
	shown := strings.Join(keys(texts(w)), "\n")
	if strings.Contains(shown, "sql") || strings.Contains(shown, "locked") {
		t.Errorf("a Go error reached the screen:\n%s", shown)
	}
	if !strings.Contains(shown, "请稍后再试") {
		t.Errorf("no Chinese error message:\n%s", shown)
	}
	if got := a.Header().StateText(); got != "目录状态暂不可用" {
		t.Errorf("header state on error = %q", got)
	}
}

func TestStaffNoticeBanner(t *testing.T) {
	test.NewTempApp(t)
	notices := []string{}
	a, _, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
	a.deps.Notices = func() []string { return notices }
	a.RefreshStatus()
	if got := a.banner.Text(); got != "" {
		t.Errorf("banner with no notices = %q", got)
	}
	notices = []string{"数据库文件损坏，已移到 catalogue.db.corrupt-1 并改用内置目录"}
	a.RefreshStatus()
	if got := a.banner.Text(); !strings.Contains(got, "工作人员") || !strings.Contains(got, "损坏") {
		t.Errorf("banner = %q", got)
	}
}

func keys(m map[string]float32) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// lifecycleScreen records which hooks the stack calls.
type lifecycleScreen struct {
	name  string
	calls *[]string
}

func (s *lifecycleScreen) Title() string            { return s.name }
func (s *lifecycleScreen) Build() fyne.CanvasObject { return widget.NewLabel(s.name) }
func (s *lifecycleScreen) Shown()                   { *s.calls = append(*s.calls, s.name+".Shown") }
func (s *lifecycleScreen) Hidden()                  { *s.calls = append(*s.calls, s.name+".Hidden") }
func (s *lifecycleScreen) Reset()                   { *s.calls = append(*s.calls, s.name+".Reset") }

func TestScreenLifecycleHooks(t *testing.T) {
	a, _, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
	var calls []string
	a.Push(&lifecycleScreen{"A", &calls})
	a.Push(&lifecycleScreen{"B", &calls})
	a.Back()
	a.Push(&lifecycleScreen{"C", &calls})
	a.ResetSession()
	want := "A.Shown A.Hidden B.Shown B.Reset A.Shown A.Hidden C.Shown C.Reset A.Reset"
	if got := strings.Join(calls, " "); got != want {
		t.Errorf("hooks:\n got %s\nwant %s", got, want)
	}
}
