package ui

import (
	"fmt"
	"gongkai/internal/domain"
	"strings"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Speaker reads text aloud (internal/speech's Engine in production). The
// UI decides what is said; the speaker says it.
type Speaker interface {
	// Speak stops what is being said and says chunks (a title, a
	// paragraph each) in order; it returns at once.
	Speak(chunks []string)
	// Stop silences it at once.
	Stop()
	// Problem says, for staff, why it cannot speak; "" when it can.
	Problem() string
}

// Reader is a screen that can be read aloud: what 语音播报 says when the
// screen is shown, in chunks (a sentence or a paragraph each), after its
// title. Screens without it are read by their title alone.
type Reader interface {
	Speech() []string
}

// SetReadAloud turns 语音播报 on (reading the page shown) or off
// (silencing it at once). It is off for every new visitor.
func (a *App) SetReadAloud(on bool) {
	a.reading = on
	a.header.setReading(on, a.speaker() != nil && a.speaker().Problem() != "")
	if s := a.speaker(); s != nil {
		if on {
			a.last = nil
			a.sayPage()
		} else {
			s.Stop()
		}
	}
}

// ReadAloud reports whether 语音播报 is on.
func (a *App) ReadAloud() bool { return a.reading }

func (a *App) speaker() Speaker { return a.deps.Speaker }

// Say says chunks when 语音播报 is on (and remembers them, so the keypad's
// 重复 key can say them again).
func (a *App) Say(chunks ...string) {
	if !a.reading || a.speaker() == nil {
		return
	}
	a.last = chunks
	a.sayCount++
	a.speaker().Speak(chunks)
}

// Repeat says the last announcement again.
func (a *App) Repeat() {
	if a.last != nil {
		a.Say(a.last...)
	}
}

// LastSaid returns what 语音播报 said last, nil when nothing.
func (a *App) LastSaid() []string { return a.last }

// PageSpeech is what 语音播报 says of the screen shown: its title, then
// the screen's own text (Reader).
func (a *App) PageSpeech() []string {
	if len(a.stack) == 0 {
		return nil
	}
	cur := a.Current()
	title := cur.Title()
	if t, ok := cur.(interface{ SpeechTitle() string }); ok && t.SpeechTitle() != "" {
		title = t.SpeechTitle() // a document: its own title, not 文件详情
	}
	out := []string{sentence(title)}
	if r, ok := cur.(Reader); ok {
		out = append(out, r.Speech()...)
	}
	return out
}

func (a *App) sayPage() { a.Say(a.PageSpeech()...) }

// SayPage reads the screen shown again after it changed (a form's next
// step), when 语音播报 is on.
func (a *App) SayPage() { a.sayPage() }

// SpeakButton returns the header's 语音播报 button.
func (a *App) SpeakButton() *widget.Button { return a.header.speak }

func newSpeakButton(a *App) *widget.Button {
	return widget.NewButtonWithIcon("语音播报", theme.VolumeMuteIcon(), a.Handle(func() {
		a.SetReadAloud(!a.reading)
	}))
}

// setReading shows whether 语音播报 is on, or that it cannot speak.
func (h *Header) setReading(on, broken bool) {
	switch {
	case on && broken:
		h.speak.SetText("语音暂不可用")
		h.speak.SetIcon(theme.VolumeMuteIcon())
		h.speak.Importance = widget.WarningImportance
	case on:
		h.speak.SetText("语音播报：开")
		h.speak.SetIcon(theme.VolumeUpIcon())
		h.speak.Importance = widget.HighImportance
	default:
		h.speak.SetText("语音播报")
		h.speak.SetIcon(theme.VolumeMuteIcon())
		h.speak.Importance = widget.MediumImportance
	}
	h.speak.Refresh()
	h.relayout()
}

// chineseDigits are the digits as read aloud one by one; 1 is 幺, as
// Chinese read numbers digit by digit (on the telephone, on receipts).
var chineseDigits = [...]string{"零", "幺", "二", "三", "四", "五", "六", "七", "八", "九"}

// SpellDigits writes a number for reading aloud digit by digit, a pause
// ("，") at each group break (a dash or a space), letters one by one:
// "2026-1116" -> "二零二六，幺幺幺六".
func SpellDigits(s string) string { return spell(s, chineseDigits[1]) }

// spell is SpellDigits with one read as one.
func spell(s, one string) string {
	var b strings.Builder
	pause := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if pause && b.Len() > 0 {
				b.WriteString("，")
			}
			pause = false
			if r == '1' {
				b.WriteString(one)
			} else {
				b.WriteString(chineseDigits[r-'0'])
			}
		case r == '-' || r == ' ' || r == '　':
			pause = true
		default:
			if pause && b.Len() > 0 {
				b.WriteString("，")
			}
			pause = false
			b.WriteRune(r)
			b.WriteString(" ")
		}
	}
	return strings.TrimSpace(b.String())
}

// SpeakDate writes a date for reading aloud: the year digit by digit, as
// Chinese say it ("二零二六年十二月十四日").
func SpeakDate(year, month, day int) string {
	return fmt.Sprintf("%s年%d月%d日", spell(fmt.Sprint(year), "一"), month, day)
}

// sentence ends s with a full stop unless it ends with punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if strings.ContainsRune("。！？；：…", []rune(s)[len([]rune(s))-1]) {
		return s
	}
	return s + "。"
}

// Sentence is sentence for the forms.
func Sentence(s string) string { return sentence(s) }

// Speech reads the home screen: the welcome and every function with what
// it is for, numbered as the keypad walks them.
func (h *HomeScreen) Speech() []string {
	out := []string{sentence("欢迎来到" + h.app.deps.Config.AgencyName + "政务公开专区"),
		fmt.Sprintf("共有%d项服务。", len(h.app.tiles))}
	for i, t := range h.app.tiles {
		out = append(out, fmt.Sprintf("第%d项，%s：%s。", i+1, t.Name, t.Subtitle))
	}
	return append(out, "用小键盘的方向键选择，按确认键进入；按零键重听。")
}

// Speech reads the document: its title, what kind of document it is, the
// metadata visitors ask about, and the body block by block.
func (s *DocumentScreen) Speech() []string {
	d := s.doc
	if d == nil {
		return nil
	}
	var out []string // the title comes first, as SpeechTitle
	if v := validityLabel(d.Validity); v != "" {
		out = append(out, "本文件"+v+"，仅供查阅，不再作为执行依据。")
	}
	if d.Sample {
		out = append(out, "示例文件，演示用，不是正式发布的政府信息。")
	}
	var meta []string
	for _, f := range [][2]string{{"文号", d.DocNo}, {"发布机构", d.Issuer}, {"成文日期", d.Written}, {"发布日期", d.Published}} {
		if f[1] != "" {
			meta = append(meta, f[0]+"："+f[1])
		}
	}
	if len(meta) > 0 {
		out = append(out, sentence(strings.Join(meta, "；")))
	}
	for _, b := range d.Body {
		out = append(out, blockSpeech(b)...)
	}
	if n := len(d.Attachments); n > 0 {
		names := make([]string, n)
		for i, at := range d.Attachments {
			names[i] = at.Name
		}
		out = append(out, sentence(fmt.Sprintf("附件%d个：%s", n, strings.Join(names, "；"))))
	}
	return out
}

// SpeechTitle is said first: the document's title.
func (s *DocumentScreen) SpeechTitle() string {
	if s.doc == nil {
		return ""
	}
	return s.doc.Title
}

// blockSpeech reads one block of a document's body: a heading or a
// paragraph as it is, a list item by item, a table row by row as
// "header：value".
func blockSpeech(b domain.Block) []string {
	switch b.Kind {
	case domain.BlockHeading, domain.BlockParagraph:
		return []string{sentence(b.Text)}
	case domain.BlockList:
		out := make([]string, len(b.Items))
		for i, it := range b.Items {
			out[i] = sentence(fmt.Sprintf("第%d项，%s", i+1, it))
		}
		return out
	case domain.BlockTable:
		if len(b.Rows) < 2 {
			return nil
		}
		var out []string
		head := b.Rows[0]
		for _, r := range b.Rows[1:] {
			var cells []string
			for j, c := range r {
				if j < len(head) && head[j] != "" {
					c = head[j] + "：" + c
				}
				cells = append(cells, c)
			}
			out = append(out, sentence(strings.Join(cells, "，")))
		}
		return out
	}
	return nil
}

// searchSpoken is how many results 语音播报 reads of a search.
const searchSpoken = 5

// Speech reads the search: what to do, or how many were found and the
// first results.
func (s *SearchScreen) Speech() []string {
	if s.pages == nil || s.pages.total == 0 {
		return []string{sentence(s.Info())}
	}
	out := []string{fmt.Sprintf("共找到%d件。", s.pages.total)}
	for i := 0; i < min(s.pages.total, searchSpoken); i++ {
		h, ok := s.pages.get(i)
		if !ok {
			break
		}
		out = append(out, summarySpeech(i, h.DocumentSummary))
	}
	if s.pages.total > searchSpoken {
		out = append(out, "更多结果请向下翻看。")
	}
	return out
}

// summarySpeech reads one row of a list: its number, title, 文号 and date.
func summarySpeech(i int, d domain.DocumentSummary) string {
	parts := []string{d.Title}
	if i >= 0 {
		parts[0] = fmt.Sprintf("第%d件，%s", i+1, d.Title)
	}
	if d.DocNo != "" {
		parts = append(parts, "文号"+d.DocNo)
	}
	if d.Published != "" {
		parts = append(parts, d.Published+"发布")
	}
	return sentence(strings.Join(parts, "，"))
}

// Speech reads a level of the catalogue: its rows with their counts.
func (s *CategoryScreen) Speech() []string {
	out := []string{fmt.Sprintf("共%d个类别。", len(s.rows))}
	for i, r := range s.rows {
		out = append(out, fmt.Sprintf("第%d项，%s，%d件。", i+1, r.label(), r.node.Count))
	}
	return out
}

// Speech reads a category's documents: how many, and the first ones.
func (s *DocumentListScreen) Speech() []string {
	if s.pages == nil || s.pages.total == 0 {
		return []string{"本类暂无文件。"}
	}
	out := []string{fmt.Sprintf("共%d件，按发布日期从新到旧排列。", s.pages.total)}
	for i := 0; i < min(s.pages.total, searchSpoken); i++ {
		d, ok := s.pages.get(i)
		if !ok {
			break
		}
		out = append(out, summarySpeech(i, d))
	}
	return out
}
