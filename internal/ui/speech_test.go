package ui

import (
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"gongkai/internal/ui/uitest"
)

// fakeSpeaker records what the app asks to be said.
type fakeSpeaker struct {
	mu      sync.Mutex
	said    [][]string
	stops   int
	problem string
}

func (f *fakeSpeaker) Speak(chunks []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.said = append(f.said, chunks)
}

func (f *fakeSpeaker) Stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stops++
}

func (f *fakeSpeaker) Problem() string { return f.problem }

func (f *fakeSpeaker) last() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.said) == 0 {
		return ""
	}
	return strings.Join(f.said[len(f.said)-1], "")
}

func TestSpellDigits(t *testing.T) {
	for in, want := range map[string]string{
		"2026-1116-0000-017": "二零二六，幺幺幺六，零零零零，零幺七",
		"4829 1375":          "四八二九，幺三七五",
		"K7M2QX":             "K 七M 二Q X",
		"":                   "",
	} {
		if got := SpellDigits(in); got != want {
			t.Errorf("SpellDigits(%q) = %q, want %q", in, got, want)
		}
	}
	if got := SpeakDate(2026, 12, 14); got != "二零二六年12月14日" {
		t.Errorf("SpeakDate = %q", got)
	}
}

// wantAll fails for each of wants missing from said.
func wantAll(t *testing.T, what string, said []string, wants ...string) {
	t.Helper()
	all := strings.Join(said, "")
	for _, w := range wants {
		if !strings.Contains(all, w) {
			t.Errorf("%s: %q is not said in %q", what, w, all)
		}
	}
}

// TestSpeechText checks what 语音播报 says of home, a document and search
// results, before any audio.
func TestSpeechText(t *testing.T) {
	cat := uitest.MustCatalogue(t, 0)
	cat.Add(goldenDoc)
	a, _, _ := newTestApp(t, cat, hd)
	wantAll(t, "home", a.PageSpeech(), "请选择您要办理的事项。", "欢迎来到阳谷县教育和体育局政务公开专区。", "共有8项服务。",
		"第1项，浏览公开目录：按类别查阅文件。", "第3项，依申请公开：申请公开政府信息。", "第8项，政策解读：重要政策的解读。", "方向键")

	a.Push(NewDocumentScreen(a, goldenDoc.ID))
	if got := a.PageSpeech()[0]; got != "关于印发《阳谷县义务教育学校招生入学办法》的通知。" {
		t.Errorf("a document is read from %q, not its title", got)
	}
	wantAll(t, "document", a.PageSpeech(), "关于印发《阳谷县义务教育学校招生入学办法》的通知。",
		"本文件已废止，仅供查阅", "示例文件", "文号：阳教体发〔2019〕31号；发布机构：阳谷县教育和体育局", "发布日期：2019-06-12。",
		"各乡镇（街道）中心学校，县直各学校：", "一、招生对象。", "第1项，年满六周岁的适龄儿童；", "第2项，小学毕业生。",
		"学段：小学，报名时间：7月1日至7月5日，地点：各学校。", "附件1个：招生入学办法.pdf。")
	// Paragraph by paragraph: each block is a chunk of its own.
	if said := a.PageSpeech(); len(said) < 9 {
		t.Errorf("the document is said in %d chunks", len(said))
	}

	a.Home()
	s := NewSearchScreen(a)
	a.Push(s)
	wantAll(t, "empty search", a.PageSpeech(), "搜索公开文件。", "请输入要查找的内容")
	s.SetQuery("招生")
	wantAll(t, "search results", a.PageSpeech(), "共找到", "第1件，", "第5件，", "更多结果请向下翻看。")
}

// TestSpeakerButton turns 语音播报 on in the header: the page is read,
// each new page is read as it opens, the button stops it at once, and
// the idle reset turns it off for the next visitor.
func TestSpeakerButton(t *testing.T) {
	sp := &fakeSpeaker{}
	test.NewTempApp(t)
	a, w, _ := newTestAppWith(t, uitest.MustCatalogue(t, 0), hd, sp)
	a.Push(NewCategoryScreen(a, nil))
	if len(sp.said) != 0 {
		t.Fatal("spoke before 语音播报 was turned on")
	}
	tapOn(w, a.SpeakButton())
	if !a.ReadAloud() || !strings.HasPrefix(sp.last(), "政府信息公开目录。") {
		t.Fatalf("on: %v, said %q", a.ReadAloud(), sp.last())
	}
	a.Back()
	if !strings.HasPrefix(sp.last(), "请选择您要办理的事项。") {
		t.Errorf("返回 to home said %q", sp.last())
	}
	stops := sp.stops
	tapOn(w, a.SpeakButton())
	if a.ReadAloud() || sp.stops == stops {
		t.Error("the button did not stop the speech")
	}
	n := len(sp.said)
	a.Push(NewCategoryScreen(a, nil))
	if len(sp.said) != n {
		t.Error("spoke with 语音播报 off")
	}
	tapOn(w, a.SpeakButton())
	a.ResetSession()
	if a.ReadAloud() {
		t.Error("语音播报 survived the idle reset")
	}
	if got := a.SpeakButton().Text; got != "语音播报" {
		t.Errorf("button says %q after the reset", got)
	}
}

// TestSpeakerWithoutEngine: a kiosk that cannot speak says so on the
// button, never crashes.
func TestSpeakerWithoutEngine(t *testing.T) {
	sp := &fakeSpeaker{problem: "语音播报不可用：未安装语音引擎 espeak-ng"}
	test.NewTempApp(t)
	a, w, _ := newTestAppWith(t, uitest.MustCatalogue(t, 0), hd, sp)
	tapOn(w, a.SpeakButton())
	if got := a.SpeakButton().Text; got != "语音暂不可用" {
		t.Errorf("button says %q", got)
	}
	b, _, _ := newTestAppWith(t, uitest.MustCatalogue(t, 0), hd, nil) // no speaker at all
	b.SetReadAloud(true)
	b.Push(NewCategoryScreen(b, nil))
	b.SetReadAloud(false)
}
