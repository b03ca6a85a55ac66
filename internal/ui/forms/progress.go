package forms

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/ui"
)

// progress shows the steps of a form as numbered pills, the current one
// highlighted and the finished ones ticked, joined by dashes. When the
// pills and their titles do not fit the width (large text, a narrow
// screen), only the current step keeps its title; when even that does not
// fit, one line says 第 2 步，共 6 步：申请人信息.
type progress struct {
	widget.BaseWidget
	titles []string
	cur    int
}

func newProgress(titles []string) *progress {
	p := &progress{titles: titles}
	p.ExtendBaseWidget(p)
	return p
}

// set marks step cur (0-based) as the current one.
func (p *progress) set(cur int) {
	p.cur = cur
	p.Refresh()
}

// Summary is the one-line form of the progress, as read aloud.
func (p *progress) Summary() string {
	if p.cur < 0 || p.cur >= len(p.titles) {
		return ""
	}
	return fmt.Sprintf("第 %d 步，共 %d 步：%s", p.cur+1, len(p.titles), p.titles[p.cur])
}

// short is the one-line form as drawn when the bar does not fit: 1/4 反馈类型.
func (p *progress) short() string {
	if p.cur < 0 || p.cur >= len(p.titles) {
		return ""
	}
	return fmt.Sprintf("%d/%d %s", p.cur+1, len(p.titles), p.titles[p.cur])
}

func (p *progress) CreateRenderer() fyne.WidgetRenderer {
	r := &progressRenderer{p: p, summary: canvas.NewText("", color.Black)}
	for i, t := range p.titles {
		r.dots = append(r.dots, canvas.NewCircle(color.Transparent))
		r.nums = append(r.nums, canvas.NewText(strconv.Itoa(i+1), color.Black))
		r.labels = append(r.labels, canvas.NewText(t, color.Black))
		if i < len(p.titles)-1 {
			r.dashes = append(r.dashes, canvas.NewRectangle(color.Black))
		}
	}
	r.Refresh()
	return r
}

type progressRenderer struct {
	p       *progress
	dots    []*canvas.Circle
	nums    []*canvas.Text
	labels  []*canvas.Text
	dashes  []*canvas.Rectangle
	summary *canvas.Text
	mode    int // 0 every title, 1 the current title, 2 the summary line
}

func (r *progressRenderer) dot() float32 { return theme.Size(theme.SizeNameText) * 1.7 }

// width returns the row's width in mode m with dashes at their shortest.
func (r *progressRenderer) width(m int) float32 {
	if m == 2 {
		return r.summary.MinSize().Width
	}
	gap := 2 * theme.Padding()
	// Every item is followed by a gap in Layout; one more keeps the last
	// title's glyphs clear of the window's edge.
	w := float32(len(r.dots))*(r.dot()+gap) + float32(len(r.dashes))*(8+gap) + gap
	for i, l := range r.labels {
		if m == 0 || i == r.p.cur {
			w += l.MinSize().Width + gap
		}
	}
	return w
}

func (r *progressRenderer) Layout(size fyne.Size) {
	r.mode = 2
	for m := 0; m < 2; m++ {
		if r.width(m) <= size.Width {
			r.mode = m
			break
		}
	}
	all := r.mode < 2
	r.summary.Hidden = all
	for i := range r.dots {
		r.dots[i].Hidden, r.nums[i].Hidden = !all, !all
		r.labels[i].Hidden = !all || r.mode == 1 && i != r.p.cur
	}
	for _, d := range r.dashes {
		d.Hidden = !all
	}
	if !all {
		s := r.summary.MinSize()
		r.summary.Move(fyne.NewPos(0, (size.Height-s.Height)/2))
		r.summary.Resize(fyne.NewSize(size.Width, s.Height))
		return
	}
	gap := 2 * theme.Padding()
	d := r.dot()
	dash := float32(8)
	if n := len(r.dashes); n > 0 {
		dash = max((size.Width-r.width(r.mode))/float32(n), 0) + 8
	}
	x := float32(0)
	for i := range r.dots {
		y := (size.Height - d) / 2
		r.dots[i].Move(fyne.NewPos(x, y))
		r.dots[i].Resize(fyne.NewSquareSize(d))
		ns := r.nums[i].MinSize()
		r.nums[i].Move(fyne.NewPos(x+(d-ns.Width)/2, (size.Height-ns.Height)/2))
		r.nums[i].Resize(ns)
		x += d + gap
		if !r.labels[i].Hidden {
			ls := r.labels[i].MinSize()
			r.labels[i].Move(fyne.NewPos(x, (size.Height-ls.Height)/2))
			r.labels[i].Resize(ls)
			x += ls.Width + gap
		}
		if i < len(r.dashes) {
			r.dashes[i].Move(fyne.NewPos(x, size.Height/2-1))
			r.dashes[i].Resize(fyne.NewSize(dash, 2))
			x += dash + gap
		}
	}
}

// MinSize asks for the summary line's width at most: the bar folds into it
// rather than widen the window.
func (r *progressRenderer) MinSize() fyne.Size {
	h := max(r.dot(), r.summary.MinSize().Height)
	return fyne.NewSize(min(r.summary.MinSize().Width, 240), h+2*theme.Padding())
}

func (r *progressRenderer) Refresh() {
	size := theme.Size(theme.SizeNameText)
	primary, done, grey := theme.Color(theme.ColorNamePrimary), theme.Color(theme.ColorNameSuccess), theme.Color(ui.ColorNameMuted)
	onPrimary := theme.Color(theme.ColorNameForegroundOnPrimary)
	cur := r.p.cur
	for i := range r.dots {
		dot, num, label := r.dots[i], r.nums[i], r.labels[i]
		dot.StrokeWidth = 2
		num.TextSize, num.TextStyle.Bold, label.TextSize = size*0.9, true, size
		switch {
		case i < cur:
			dot.FillColor, dot.StrokeColor, num.Color, num.Text = done, done, onPrimary, "✓"
			label.Color, label.TextStyle.Bold = done, false
		case i == cur:
			dot.FillColor, dot.StrokeColor, num.Color, num.Text = primary, primary, onPrimary, strconv.Itoa(i+1)
			label.Color, label.TextStyle.Bold = primary, true
		default:
			dot.FillColor, dot.StrokeColor, num.Color, num.Text = color.Transparent, grey, grey, strconv.Itoa(i+1)
			label.Color, label.TextStyle.Bold = grey, false
		}
		dot.Refresh()
		num.Refresh()
		label.Refresh()
	}
	for _, d := range r.dashes {
		d.FillColor = theme.Color(theme.ColorNameSeparator)
		d.Refresh()
	}
	r.summary.Text, r.summary.TextSize, r.summary.Color = r.p.short(), size, primary
	r.summary.Refresh()
	r.Layout(r.p.Size())
}

func (r *progressRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.summary}
	for i := range r.dots {
		objs = append(objs, r.dots[i], r.nums[i], r.labels[i])
		if i < len(r.dashes) {
			objs = append(objs, r.dashes[i])
		}
	}
	return objs
}

func (r *progressRenderer) Destroy() {}
