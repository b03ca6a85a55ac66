package keyboard

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"gongkai/internal/ime"
)

// maxLetters bounds the pinyin being composed.
const maxLetters = 32

// candidateRunes is the longest caption a candidate key shows in full.
const candidateRunes = 8

// composer is the 拼音 composition: the letters typed so far and their
// candidates. It holds nothing once cleared.
type composer struct {
	k       *Keyboard
	letters string
	all     []ime.Candidate
	pageNo  int

	engine  *ime.Engine
	err     error
	started bool
	ready   chan struct{}
}

// Preload starts loading the pinyin engine in the background, if it has
// not started; the keyboard does this itself when it first opens.
func (k *Keyboard) Preload() { k.pinyin.preload() }

// Ready is closed once the pinyin engine has loaded (or failed to), with
// the keyboard updated.
func (k *Keyboard) Ready() <-chan struct{} {
	k.pinyin.preload()
	return k.pinyin.ready
}

func (k *Keyboard) pick(i int) {
	if k.OnActivity != nil {
		k.OnActivity()
	}
	if k.alive() {
		k.pinyin.pick(i)
	}
}

func (c *composer) preload() {
	if c.started {
		return
	}
	c.started = true
	c.ready = make(chan struct{})
	load := c.k.Load
	if load == nil {
		load = ime.Load
	}
	go func() {
		e, err := load()
		fyne.Do(func() {
			c.engine, c.err = e, err
			c.lookup()
			c.k.refreshAll()
			close(c.ready)
		})
	}()
}

func (c *composer) active() bool { return c.letters != "" }

func (c *composer) add(b byte) {
	if len(c.letters) >= maxLetters {
		return
	}
	c.letters += string(b)
	c.lookup()
	c.k.refreshAll()
}

// backspace removes the last letter; false when there was none.
func (c *composer) backspace() bool {
	if c.letters == "" {
		return false
	}
	c.letters = c.letters[:len(c.letters)-1]
	c.lookup()
	c.k.refreshAll()
	return true
}

// commitFirst types the first candidate (all of it, even when it covers
// only the first letters: 空格 confirms what is offered); false when there
// is nothing to commit.
func (c *composer) commitFirst() bool {
	if c.letters == "" {
		return false
	}
	if len(c.all) == 0 {
		c.commitRaw()
		return true
	}
	c.commit(c.all[0])
	return true
}

// commitRaw types the letters themselves (确定 while composing).
func (c *composer) commitRaw() {
	if c.letters == "" {
		return
	}
	s := c.letters
	c.clear()
	c.k.typeText(s)
	c.k.refreshAll()
}

func (c *composer) pick(i int) {
	p := c.page()
	if i < len(p) {
		c.commit(p[i])
	}
}

// commit types cand and keeps composing the letters it did not cover.
func (c *composer) commit(cand ime.Candidate) {
	rest := ""
	if cand.Consumed < len(c.letters) {
		rest = c.letters[cand.Consumed:]
	}
	c.k.typeText(cand.Text)
	c.letters = rest
	c.lookup()
	c.k.refreshAll()
}

func (c *composer) lookup() {
	c.pageNo = 0
	c.all = nil
	if c.engine != nil && c.letters != "" {
		c.all = c.engine.Lookup(c.letters, 0)
	}
}

func (c *composer) turn(d int) {
	n := c.pageNo + d
	if n < 0 || n*ime.PageSize >= len(c.all) {
		return
	}
	c.pageNo = n
	c.show()
}

func (c *composer) page() []ime.Candidate {
	start := c.pageNo * ime.PageSize
	if start >= len(c.all) {
		return nil
	}
	return c.all[start:min(start+ime.PageSize, len(c.all))]
}

func (c *composer) display() string {
	if c.letters == "" {
		return ""
	}
	if c.engine == nil {
		return c.letters
	}
	return strings.Join(c.engine.Segment(c.letters), "'")
}

// clear drops the composition (letters and candidates).
func (c *composer) clear() {
	c.letters, c.all, c.pageNo = "", nil, 0
}

// reset is clear; the engine itself holds nothing about the visitor.
func (c *composer) reset() { c.clear() }

// show updates the notice line and the candidate bar.
func (c *composer) show() {
	k := c.k
	k.status.Text = c.notice()
	k.status.Color = theme.Color(theme.ColorNameForeground)
	k.status.TextSize = statusTextSize()
	k.status.Refresh()
	p := c.page()
	for i, key := range k.cands {
		label := ""
		if i < len(p) {
			label = p[i].Text
			if r := []rune(label); len(r) > candidateRunes {
				label = string(r[:candidateRunes-1]) + "…"
			}
		}
		key.setLabel(label)
		key.setDisabled(label == "")
	}
	k.prevPage.setDisabled(c.pageNo == 0)
	k.nextPage.setDisabled((c.pageNo+1)*ime.PageSize >= len(c.all))
	showBar := k.layout == Pinyin
	if showBar != k.candRow.Visible() {
		if showBar {
			k.candRow.Show()
		} else {
			k.candRow.Hide()
		}
	}
}

// notice is the line above the candidates: the composition, or what the
// field expects.
func (c *composer) notice() string {
	k := c.k
	if k.layout == Pinyin {
		switch {
		case c.err != nil:
			return "拼音输入暂时不可用，请点“英文”输入或联系工作人员"
		case c.letters != "" && c.engine == nil:
			return c.letters + "　（正在准备拼音输入，请稍候）"
		case c.letters != "":
			return c.display()
		}
	}
	if k.target == nil {
		return ""
	}
	switch k.target.kind {
	case IDNumber:
		return "请输入18位身份证号码，最后一位可能是X"
	case Phone:
		return "请输入电话号码"
	case Digits:
		return "请输入数字"
	case Email:
		return "请输入电子邮箱，例如 name@example.com"
	case Code:
		return "请输入代码（字母和数字）"
	}
	if k.layout == Pinyin {
		return "输入拼音，点选汉字；例如 xinxi → 信息"
	}
	return ""
}
