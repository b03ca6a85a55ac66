package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Home tile names: the functions of a 政务公开专区. Later issues replace the
// handlers of the functions not built yet with SetTileHandler.
const (
	TileBrowse   = "浏览公开目录"
	TileSearch   = "搜索"
	TileApply    = "依申请公开"
	TileConsult  = "意见征集"
	TileEvents   = "活动报名"
	TileFeedback = "问题反馈"
	TileProgress = "办理进度查询"
	TilePolicy   = "政策解读"
)

func defaultTiles(a *App) []*Tile {
	return []*Tile{
		newTile(a, TileBrowse, "按类别查阅文件", theme.FolderOpenIcon(), func() { a.Push(NewCategoryScreen(a, nil)) }),
		newTile(a, TileSearch, "按标题、文号查找", theme.SearchIcon(), func() { a.Push(NewSearchScreen(a)) }),
		newTile(a, TileApply, "申请公开政府信息", theme.DocumentCreateIcon(), func() {
			a.Push(NewComingSoonScreen(a, TileApply, "提交政府信息公开申请"))
		}),
		newTile(a, TileConsult, "对政策草案提意见", theme.MailComposeIcon(), func() { a.Push(NewConsultationsScreen(a)) }),
		newTile(a, TileEvents, "政府开放日等活动", theme.AccountIcon(), func() { a.Push(NewEventsScreen(a)) }),
		newTile(a, TileFeedback, "反映办事中的问题", theme.QuestionIcon(), func() {
			a.Push(NewComingSoonScreen(a, TileFeedback, "反映办事过程中的问题和建议"))
		}),
		newTile(a, TileProgress, "凭回执查询进度", theme.HistoryIcon(), func() {
			a.Push(NewComingSoonScreen(a, TileProgress, "凭回执上的查询码查询办理进度"))
		}),
		newTile(a, TilePolicy, "重要政策的解读", theme.InfoIcon(), func() { a.openPolicy() }),
	}
}

// SetTileHandler replaces what a home tile does. name is one of the Tile
// constants; an unknown name is a programming error and panics.
func (a *App) SetTileHandler(name string, fn func()) {
	for _, t := range a.tiles {
		if t.Name == name {
			t.onTap = fn
			return
		}
	}
	panic(fmt.Sprintf("ui: no home tile %q", name))
}

// Tiles returns the home tiles in display order.
func (a *App) Tiles() []*Tile { return a.tiles }

// Tile returns the home tile called name, or nil.
func (a *App) Tile(name string) *Tile {
	for _, t := range a.tiles {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// openPolicy opens the catalogue's 解读 category. The tree is data, so the
// category is found by name; a catalogue without one gets a search instead.
func (a *App) openPolicy() {
	ctx, cancel := a.ctx()
	defer cancel()
	roots, err := a.deps.Catalogue.Categories(ctx)
	if err != nil {
		a.Push(NewErrorScreen(a, TilePolicy, err))
		return
	}
	if n := findCategoryByName(roots, "解读"); n != nil {
		a.OpenCategory(n, []string{n.Name})
		return
	}
	s := NewSearchScreen(a)
	a.Push(s)
	s.SetQuery("解读")
}

// HomeScreen shows the tiles.
type HomeScreen struct {
	app    *App
	scroll *TouchScroll
}

// NewHomeScreen returns the home screen of a.
func NewHomeScreen(a *App) *HomeScreen { return &HomeScreen{app: a} }

// Title is the home screen's title.
func (h *HomeScreen) Title() string { return "请选择您要办理的事项" }

// Build lays the tiles out in a grid that fills the screen.
func (h *HomeScreen) Build() fyne.CanvasObject {
	objs := objects(h.app.tiles)
	tl := &tileLayout{portrait: func() bool {
		s := h.app.win.Canvas().Size()
		return s.Width < s.Height
	}}
	grid := container.New(tl, objs...)
	h.scroll = h.app.NewTouchScroll(container.NewPadded(container.New(homeLayout{grid: tl}, h.welcome(), grid)))
	return h.scroll
}

// welcome greets the visitor and says what the kiosk is for and that it
// forgets them: people hesitate to use a public terminal that might keep
// what they did.
func (h *HomeScreen) welcome() fyne.CanvasObject {
	title := styledText("欢迎来到"+h.app.deps.Config.AgencyName+"政务公开专区", theme.SizeNameSubHeadingText, theme.ColorNameForeground)
	idle := h.app.idle.After.Round(time.Minute)
	wait := fmt.Sprintf("%d 分钟", int(idle.Minutes()))
	if idle < time.Minute {
		wait = fmt.Sprintf("%d 秒", int(h.app.idle.After.Seconds()))
	}
	text := wrappedText("在这里可以查阅本机关主动公开的政府信息和政策解读，了解意见征集和公众活动。用完不必退出："+
		wait+"无人操作后，本终端会自动回到首页并清除您查阅和填写的内容。", theme.SizeNameText, ColorNameMuted)
	return container.NewVBox(title, text)
}

// Reset scrolls back to the top.
func (h *HomeScreen) Reset() {
	if h.scroll != nil {
		h.scroll.ScrollToTop()
	}
}

// Tile is one large home-screen button.
type Tile struct {
	widget.BaseWidget
	Name     string
	Subtitle string
	app      *App
	icon     fyne.Resource
	onTap    func()
	r        *tileRenderer
}

func newTile(a *App, name, subtitle string, icon fyne.Resource, onTap func()) *Tile {
	t := &Tile{Name: name, Subtitle: subtitle, app: a, icon: icon, onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped runs the tile's handler.
func (t *Tile) Tapped(*fyne.PointEvent) {
	t.app.Active()
	if t.onTap != nil {
		t.onTap()
	}
}

// PreferredWidth is the width at which the tile's name fits on one line.
func (t *Tile) PreferredWidth() float32 {
	return fyne.MeasureText(t.Name, theme.Size(SizeNameTile), fyne.TextStyle{}).Width + 4*theme.InnerPadding()
}

func (t *Tile) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Color(ColorNameTile))
	bg.CornerRadius = 12
	bg.StrokeWidth = 3
	icon := canvas.NewImageFromResource(theme.NewColoredResource(t.icon, ColorNameOnHeader))
	icon.FillMode = canvas.ImageFillContain
	label := Wrapped(t.Name, SizeNameTile, ColorNameOnHeader, false)
	label.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	sub := wrappedText(t.Subtitle, theme.SizeNameText, ColorNameOnHeader)
	sub.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	r := &tileRenderer{tile: t, bg: bg, icon: icon, label: label, sub: sub}
	t.r = r
	r.Refresh()
	return r
}

type tileRenderer struct {
	tile  *Tile
	bg    *canvas.Rectangle
	icon  *canvas.Image
	label *widget.RichText
	sub   *widget.RichText
}

// measure wraps the name and the subtitle at width w and returns their
// heights.
func (r *tileRenderer) measure(w float32) (label, sub float32) {
	inner := max(w-2*theme.InnerPadding(), 1)
	r.label.Resize(fyne.NewSize(inner, r.label.MinSize().Height))
	r.sub.Resize(fyne.NewSize(inner, r.sub.MinSize().Height))
	return r.label.MinSize().Height, r.sub.MinSize().Height
}

// fullHeight is the height the tile wants at width w: the whole icon, the
// name and the subtitle.
func (r *tileRenderer) fullHeight(w float32) float32 {
	lh, sh := r.measure(w)
	return theme.Size(SizeNameTileIcon) + lh + sh + 4*theme.Padding()
}

// Layout fits the tile's parts in its size: the subtitle goes first and
// then the icon shrinks when the tile is short (large text on a small
// screen); the name always shows, wrapped if it must.
func (r *tileRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	pad := theme.Padding()
	lh, sh := r.measure(size.Width)
	is := theme.Size(SizeNameTileIcon)
	avail := size.Height - 2*pad
	r.sub.Hidden = is+pad+lh+sh > avail
	if r.sub.Hidden {
		sh = 0
		is = min(is, max(avail-pad-lh, 0))
	}
	r.icon.Hidden = is < 16
	if r.icon.Hidden {
		is = 0
	}
	total := is + pad + lh + sh
	y := max((size.Height-total)/2, pad)
	inner := max(size.Width-2*theme.InnerPadding(), 1)
	x := theme.InnerPadding()
	r.icon.Move(fyne.NewPos((size.Width-is)/2, y))
	r.icon.Resize(fyne.NewSquareSize(is))
	r.label.Move(fyne.NewPos(x, y+is+pad))
	r.label.Resize(fyne.NewSize(inner, lh))
	r.sub.Move(fyne.NewPos(x, y+is+pad+lh))
	r.sub.Resize(fyne.NewSize(inner, sh))
}

// MinSize is the name alone, wrapped at the tile's width: a tile never
// makes the home screen wider than the window.
func (r *tileRenderer) MinSize() fyne.Size {
	lh, _ := r.measure(r.tile.Size().Width)
	w := theme.Size(SizeNameTile)*2 + 2*theme.InnerPadding()
	return fyne.NewSize(w, lh+2*theme.Padding())
}

func (r *tileRenderer) Refresh() {
	r.bg.FillColor = theme.Color(ColorNameTile)
	r.bg.StrokeColor = theme.Color(ColorNameTileBorder)
	r.bg.Refresh()
	r.label.Refresh()
	r.sub.Refresh()
	r.icon.Refresh()
	r.Layout(r.tile.Size())
}

func (r *tileRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.icon, r.label, r.sub}
}

func (r *tileRenderer) Destroy() {}

// homeLayout puts the welcome text above the tiles when there is room for
// both at their full height, and drops it when the tiles would not fit
// otherwise (large text on a small screen): every function should be on
// the first screen.
type homeLayout struct{ grid *tileLayout }

func (l homeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	welcome, grid := objs[0], objs[1].(*fyne.Container)
	welcome.Resize(fyne.NewSize(size.Width, welcome.MinSize().Height)) // wrap at this width before measuring
	wh := welcome.MinSize().Height
	l.grid.width = size.Width
	if size.Height-wh-theme.Padding() < l.grid.fullHeight(grid.Objects, size.Width) {
		welcome.Hide()
		grid.Move(fyne.NewPos(0, 0))
		grid.Resize(size)
		return
	}
	welcome.Show()
	welcome.Move(fyne.NewPos(0, 0))
	welcome.Resize(fyne.NewSize(size.Width, wh))
	top := wh + theme.Padding()
	grid.Move(fyne.NewPos(0, top))
	grid.Resize(fyne.NewSize(size.Width, size.Height-top))
}

func (l homeLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[1].MinSize()
}

// tileLayout puts tiles in as many columns as their names fit in on one
// line: four on a landscape screen, two on a portrait one, fewer in large
// text; all cells the same size, filling the space it is given (or, when
// that is too short, scrolled).
type tileLayout struct {
	width    float32     // the last width laid out at
	portrait func() bool // whether the window is upright
}

func (l *tileLayout) cols(objs []fyne.CanvasObject, size fyne.Size) int {
	choices := []int{4, 3, 2, 1}
	if l.portrait != nil && l.portrait() {
		choices = []int{2, 1}
	}
	var want float32
	for _, o := range objs {
		want = max(want, preferred(o))
	}
	gap := 2 * theme.Padding()
	for _, c := range choices {
		if (size.Width-gap*float32(c-1))/float32(c) >= want {
			return c
		}
	}
	return 1
}

func (l *tileLayout) cell(objs []fyne.CanvasObject, size fyne.Size) (cols, rows int, w float32) {
	cols = l.cols(objs, size)
	rows = (len(objs) + cols - 1) / cols
	gap := 2 * theme.Padding()
	return cols, rows, (size.Width - gap*float32(cols-1)) / float32(cols)
}

// fullHeight is the height the grid wants at width w for whole tiles.
func (l *tileLayout) fullHeight(objs []fyne.CanvasObject, w float32) float32 {
	_, rows, cw := l.cell(objs, fyne.NewSize(w, w*9/16))
	var h float32
	for _, o := range objs {
		if t, ok := o.(*Tile); ok && t.r != nil {
			h = max(h, t.r.fullHeight(cw))
		}
	}
	return float32(rows)*h + float32(rows-1)*2*theme.Padding()
}

func (l *tileLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	l.width = size.Width
	cols, rows, w := l.cell(objs, size)
	gap := 2 * theme.Padding()
	var least float32
	for _, o := range objs {
		o.Resize(fyne.NewSize(w, o.Size().Height)) // wrap at the cell's width before measuring
		least = max(least, o.MinSize().Height)
	}
	h := max((size.Height-gap*float32(rows-1))/float32(rows), least)
	for i, o := range objs {
		c, r := i%cols, i/cols
		o.Move(fyne.NewPos(float32(c)*(w+gap), float32(r)*(h+gap)))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (l *tileLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var cell fyne.Size
	for _, o := range objs {
		cell = cell.Max(o.MinSize())
	}
	if l.width <= 0 {
		return cell
	}
	_, rows, _ := l.cell(objs, fyne.NewSize(l.width, l.width*9/16))
	gap := 2 * theme.Padding()
	return fyne.NewSize(cell.Width, float32(rows)*cell.Height+float32(rows-1)*gap)
}
