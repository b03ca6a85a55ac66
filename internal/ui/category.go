package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"
)

// CategoryScreen is one level of the catalogue tree as a list of large
// rows with document counts: a drill-down, because a tree widget's tiny
// expanders are no use to a finger.
type CategoryScreen struct {
	app  *App
	node *domain.CategoryNode // nil: the top level
	path []string             // names from the top level down to node
	rows []categoryRow
	err  error
	list *TouchList
}

type categoryRow struct {
	node *domain.CategoryNode
	all  bool // "本类全部文件": the node's whole subtree as one list
}

// NewCategoryScreen returns the children of node, or the top level of the
// catalogue when node is nil.
func NewCategoryScreen(a *App, node *domain.CategoryNode) *CategoryScreen {
	return &CategoryScreen{app: a, node: node}
}

// Title names the category shown.
func (s *CategoryScreen) Title() string {
	if s.node == nil {
		return "政府信息公开目录"
	}
	return s.node.Name
}

// Build loads the level and lists it.
func (s *CategoryScreen) Build() fyne.CanvasObject {
	children := []*domain.CategoryNode(nil)
	if s.node == nil {
		if children, s.err = fetch(s.app, "categories", s.app.deps.Catalogue.Categories); s.err != nil {
			return centerMessage(domain.ErrorMessage(s.err))
		}
	} else {
		children = s.node.Children
		if len(children) > 0 {
			s.rows = append(s.rows, categoryRow{node: s.node, all: true})
		}
	}
	for _, c := range children {
		s.rows = append(s.rows, categoryRow{node: c})
	}
	if len(s.rows) == 0 {
		return centerMessage("目录暂无内容")
	}
	s.list = s.app.NewTouchList(
		func() int { return len(s.rows) },
		newCategoryRowView,
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*categoryRowView).set(s.rows[i]) },
		func(i widget.ListItemID) { s.open(s.rows[i]) },
	)
	trail := "公开目录"
	if len(s.path) > 0 {
		trail += " › " + strings.Join(s.path, " › ")
	}
	crumb := styledText(trail, theme.SizeNameText, ColorNameMuted)
	crumb.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(container.NewPadded(crumb), nil, nil, nil, s.list)
}

func (s *CategoryScreen) open(r categoryRow) {
	if r.all {
		s.app.Push(NewDocumentListScreen(s.app, r.node, s.path))
		return
	}
	s.app.OpenCategory(r.node, append(append([]string(nil), s.path...), r.node.Name))
}

// OpenCategory shows node: its sub-categories when it has any, else its
// documents. path names node's ancestors and node, for the breadcrumb.
func (a *App) OpenCategory(node *domain.CategoryNode, path []string) {
	if len(node.Children) == 0 {
		a.Push(NewDocumentListScreen(a, node, path))
		return
	}
	s := NewCategoryScreen(a, node)
	s.path = path
	a.Push(s)
}

// Rows returns the labels of the rows as shown, for tests and tools.
func (s *CategoryScreen) Rows() []string {
	out := make([]string, len(s.rows))
	for i, r := range s.rows {
		out[i] = r.label()
	}
	return out
}

// List returns the screen's list (nil when the level is empty).
func (s *CategoryScreen) List() *TouchList { return s.list }

func (r categoryRow) label() string {
	if r.all {
		return "本类全部文件"
	}
	return r.node.Name
}

// categoryRowView is one row: the category's name, its document count and
// a chevron saying there is more behind it.
type categoryRowView struct {
	widget.BaseWidget
	name     *widget.RichText
	count    *widget.RichText
	icon     *widget.Icon
	activate func()
}

func (v *categoryRowView) setActivate(fn func()) { v.activate = fn }

// FocusText is what the keypad's focus says of the row.
func (v *categoryRowView) FocusText() string {
	return PlainText(v.name) + "，" + PlainText(v.count)
}

// Activate opens the row.
func (v *categoryRowView) Activate() {
	if v.activate != nil {
		v.activate()
	}
}

func newCategoryRowView() fyne.CanvasObject {
	v := &categoryRowView{
		name:  styledText("", theme.SizeNameText, theme.ColorNameForeground),
		count: styledText("", theme.SizeNameText, ColorNameMuted),
		icon:  widget.NewIcon(theme.NavigateNextIcon()),
	}
	v.name.Truncation = fyne.TextTruncateEllipsis
	v.ExtendBaseWidget(v)
	return v
}

func (v *categoryRowView) set(r categoryRow) {
	if r.all {
		v.name.Segments[0].(*widget.TextSegment).Style.ColorName = theme.ColorNamePrimary
	} else {
		v.name.Segments[0].(*widget.TextSegment).Style.ColorName = theme.ColorNameForeground
	}
	SetText(v.name, r.label())
	SetText(v.count, fmt.Sprintf("%d 件", r.node.Count))
	v.Refresh() // re-lay out: the count's width changed
}

func (v *categoryRowView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewPadded(
		container.NewBorder(nil, nil, nil, container.NewHBox(v.count, v.icon), v.name)))
}

// findCategoryByName returns the first category, depth first, whose name
// contains part.
func findCategoryByName(nodes []*domain.CategoryNode, part string) *domain.CategoryNode {
	for _, n := range nodes {
		if strings.Contains(n.Name, part) {
			return n
		}
		if f := findCategoryByName(n.Children, part); f != nil {
			return f
		}
	}
	return nil
}
