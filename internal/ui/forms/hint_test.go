package forms

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gongkai/internal/ui"
)

// TestHintLinesNeverStartWithClosingMarks: a field's hint is broken as a
// document is (issue 13, item 9): at 1280×800 in 大字模式 the 查询码's hint
// put the closing quote of “ABC” at the start of a line.
func TestHintLinesNeverStartWithClosingMarks(t *testing.T) {
	const noLineStart = "，。、；：？！）》」』】〕〉］｝”’"
	f := newFixture(t, fyne.NewSize(1280, 800))
	lines := 0
	check := func(where string) {
		for _, step := range ui.TextSteps {
			f.app.SetTextStep(step)
			for _, p := range visible[*ui.Paragraph](f.win.Content()) {
				for _, text := range p.Lines() { // every line, drawn or not
					if text == "" {
						continue
					}
					lines++
					if r, _ := utf8.DecodeRuneInString(text); strings.ContainsRune(noLineStart, r) {
						t.Errorf("%s, %s: a hint's line starts with %q: %q", where, step.Name(), r, text)
					}
				}
			}
		}
		f.app.SetTextStep(ui.TextNormal)
	}
	f.open(ui.TileProgress)
	check("办理进度查询")
	f.app.Home()
	f.open(ui.TileApply)
	s := current[*ApplicationScreen](f)
	s.appType.choice.Tap("公民")
	f.next(s.w)
	check("申请人信息")
	if lines < 12 {
		t.Errorf("only %d hint lines checked", lines)
	}
}

// visible returns the widgets of type T shown under o.
func visible[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if x, ok := o.(T); ok {
			out = append(out, x)
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				walk(k)
			}
		}
	}
	walk(o)
	return out
}
