package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"
	"gongkai/internal/ui/keyboard"
)

const (
	anyCategory = "全部类别"
	anyYear     = "全部年份"
	anyValidity = "不限"
)

// SearchScreen is full-text search over the catalogue: a query entry typed
// with the app's on-screen keyboard (a kiosk has no other: touching the
// entry opens it, 完成 runs the search), filters for category, year and
// validity, and a result list with highlighted snippets.
type SearchScreen struct {
	app *App

	Entry       *widget.Entry
	Button      *widget.Button // 搜索
	ClearButton *widget.Button // 清空
	Category    *widget.Select
	Year        *widget.Select
	Validity    *widget.Select

	info    *widget.Label
	filters *fyne.Container
	top     *fyne.Container
	list    *TouchList
	pages   *pager[domain.SearchHit]

	categoryIDs map[string]string // Category option -> category id
	filter      domain.SearchFilter
}

// NewSearchScreen returns an empty search screen.
func NewSearchScreen(a *App) *SearchScreen { return &SearchScreen{app: a} }

// Title is the screen's title.
func (s *SearchScreen) Title() string { return "搜索公开文件" }

// Build lays out the entry, the filters and the (empty) result list.
func (s *SearchScreen) Build() fyne.CanvasObject {
	a := s.app
	s.Entry = widget.NewEntry()
	s.Entry.SetPlaceHolder("输入标题、文号或关键词，例如：招生、阳教体办发〔2021〕12号")
	s.Entry.OnChanged = func(string) { a.Active() }
	s.Entry.OnSubmitted = func(string) { a.Active(); s.Run() }
	s.Button = widget.NewButtonWithIcon("搜索", theme.SearchIcon(), a.Handle(s.Run))
	s.Button.Importance = widget.HighImportance
	s.ClearButton = widget.NewButtonWithIcon("清空", theme.ContentClearIcon(), a.Handle(s.Clear))

	s.Category = widget.NewSelect(s.categoryOptions(), func(string) { a.Active(); s.rerun() })
	s.Category.Selected = anyCategory
	s.Year = widget.NewSelect(s.yearOptions(), func(string) { a.Active(); s.rerun() })
	s.Year.Selected = anyYear
	s.Validity = widget.NewSelect([]string{anyValidity, domain.ValidityValid, domain.ValidityExpired, domain.ValidityRepealed},
		func(string) { a.Active(); s.rerun() })
	s.Validity.Selected = anyValidity

	s.info = message("请输入要查找的内容，然后点“搜索”。")
	s.list = a.NewTouchList(
		func() int {
			if s.pages == nil {
				return 0
			}
			return s.pages.total
		},
		func() fyne.CanvasObject { return newDocRow(true) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			h, _ := s.pages.get(i)
			o.(*docRow).set(h.DocumentSummary, h.Snippet)
		},
		func(i widget.ListItemID) {
			if h, ok := s.pages.get(i); ok {
				a.Push(NewDocumentScreen(a, h.ID))
			}
		},
	)

	var entry fyne.CanvasObject = s.Entry
	if kb := a.Keyboard(); kb != nil {
		entry = kb.Attach(s.Entry, keyboard.Text)
	}
	query := container.NewBorder(nil, nil, nil, container.NewHBox(s.Button, s.ClearButton), entry)
	s.filters = container.NewGridWithColumns(3,
		labelled("类别", s.Category), labelled("发布年份", s.Year), labelled("有效性", s.Validity))
	s.top = container.NewVBox(query, s.filters, s.info)
	return container.NewPadded(container.NewBorder(s.top, nil, nil, nil, s.list))
}

func labelled(label string, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, nil, styledText(label, theme.SizeNameText, ColorNameMuted), nil, o)
}

// categoryOptions flattens the tree for the category filter, indenting
// each level with an ideographic space.
func (s *SearchScreen) categoryOptions() []string {
	s.categoryIDs = map[string]string{anyCategory: ""}
	opts := []string{anyCategory}
	roots, err := fetch(s.app, "search categories", s.app.deps.Catalogue.Categories)
	if err != nil {
		return opts
	}
	var walk func(nodes []*domain.CategoryNode, depth int)
	walk = func(nodes []*domain.CategoryNode, depth int) {
		for _, n := range nodes {
			label := strings.Repeat("　", depth) + n.Name
			for s.categoryIDs[label] != "" { // same name under two parents
				label += " "
			}
			s.categoryIDs[label] = n.ID
			opts = append(opts, label)
			walk(n.Children, depth+1)
		}
	}
	walk(roots, 0)
	return opts
}

func (s *SearchScreen) yearOptions() []string {
	opts := []string{anyYear}
	years, err := fetch(s.app, "search years", s.app.deps.Catalogue.Years)
	if err != nil {
		return opts
	}
	for _, y := range years {
		opts = append(opts, strconv.Itoa(y)+"年")
	}
	return opts
}

// SetQuery types q into the entry and searches.
func (s *SearchScreen) SetQuery(q string) {
	s.Entry.SetText(q)
	s.Run()
}

// Run searches for the entry's text with the chosen filters.
func (s *SearchScreen) Run() {
	f := domain.SearchFilter{Query: strings.TrimSpace(s.Entry.Text), CategoryID: s.categoryIDs[s.Category.Selected]}
	if y, err := strconv.Atoi(strings.TrimSuffix(s.Year.Selected, "年")); err == nil {
		f.Year = y
	}
	if s.Validity.Selected != anyValidity {
		f.Validity = s.Validity.Selected
	}
	s.filter = f
	if kb := s.app.Keyboard(); kb != nil && kb.Target() == s.Entry {
		kb.Hide() // the results need the room (issue 13: it covered all but two)
	}
	if f.Query == "" && f.CategoryID == "" && f.Year == 0 && f.Validity == "" {
		s.pages = nil
		s.info.SetText("请输入要查找的内容，然后点“搜索”。")
		s.list.List.Refresh()
		return
	}
	s.pages = newPager(func(offset, limit int) ([]domain.SearchHit, int, error) {
		ctx, cancel := s.app.ctx()
		defer cancel()
		q := f
		q.Offset, q.Limit = offset, limit
		r, err := s.app.deps.Catalogue.Search(ctx, q)
		if err != nil {
			s.app.Logf("ui: search: %v", err) // the query is not logged: visitors may type anything
			return nil, 0, err
		}
		return r.Hits, r.Total, nil
	})
	switch {
	case s.pages.err != nil:
		s.info.SetText(domain.ErrorMessage(s.pages.err))
	case s.pages.total == 0:
		s.info.SetText("没有找到相关文件。可以换一个词，或减少筛选条件再试。")
	default:
		s.info.SetText(fmt.Sprintf("共找到 %d 件，轻触标题查看全文。", s.pages.total))
	}
	s.list.List.ScrollToTop()
	s.list.List.Refresh()
}

// KeyboardShown folds the filters away while the keyboard is up, so the
// results keep some room above it; they come back with the results.
func (s *SearchScreen) KeyboardShown(up bool) {
	if s.filters == nil || s.filters.Hidden == up {
		return
	}
	s.filters.Hidden = up
	s.top.Refresh()
	if c := fyne.CurrentApp().Driver().CanvasForObject(s.top); c != nil && c.Content() != nil {
		c.Content().Refresh()
	}
}

// Shown opens the keyboard on the empty query, so the visitor can type at
// once (issue 13); coming back to results, it brings the filters back
// instead (the keyboard was put away when another screen covered it).
func (s *SearchScreen) Shown() {
	s.KeyboardShown(false)
	if strings.TrimSpace(s.Entry.Text) != "" || s.pages != nil {
		return
	}
	s.app.AfterFrame(func() {
		// A quick visitor (or a slow frame) may have searched meanwhile:
		// the keyboard would then cover the results.
		if strings.TrimSpace(s.Entry.Text) != "" || s.pages != nil {
			return
		}
		if kb := s.app.Keyboard(); kb != nil && len(s.app.stack) > 0 && s.app.Current() == Screen(s) {
			kb.ShowFor(s.Entry)
		}
	})
}

// FiltersShown reports whether the filter row is on screen.
func (s *SearchScreen) FiltersShown() bool { return s.filters != nil && s.filters.Visible() }

// rerun searches again when a filter changes, once there is a search.
func (s *SearchScreen) rerun() {
	if s.info != nil && s.Entry != nil {
		s.Run()
	}
}

// Clear empties the query and the filters.
func (s *SearchScreen) Clear() {
	s.Entry.SetText("")
	s.Category.Selected, s.Year.Selected, s.Validity.Selected = anyCategory, anyYear, anyValidity
	s.Category.Refresh()
	s.Year.Refresh()
	s.Validity.Refresh()
	s.Run()
}

// Reset drops the typed query and the results, and takes the entry off
// the keyboard (a new search screen brings its own).
func (s *SearchScreen) Reset() {
	if s.Entry != nil {
		s.Clear()
		if kb := s.app.Keyboard(); kb != nil {
			kb.Detach(s.Entry)
		}
	}
}

// Results returns the number of results of the last search.
func (s *SearchScreen) Results() int {
	if s.pages == nil {
		return 0
	}
	return s.pages.total
}

// Info returns the line above the results.
func (s *SearchScreen) Info() string { return s.info.Text }

// List returns the result list.
func (s *SearchScreen) List() *TouchList { return s.list }

// Filter returns the last search's filter.
func (s *SearchScreen) Filter() domain.SearchFilter { return s.filter }
