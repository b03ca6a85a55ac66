package forms

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"gongkai/internal/domain"
	"gongkai/internal/ui"
)

// maxSimilar is how many already-public documents the application shows.
const maxSimilar = 5

// similarQueries returns the searches that find public documents like the
// information described: the 文号 and the name as typed, then the longer
// phrases of the description (a whole paragraph rarely matches anything).
func similarQueries(name, docNo, desc string) []string {
	var qs []string
	add := func(q string, minRunes int) {
		q = strings.TrimSpace(q)
		if utf8.RuneCountInString(q) < minRunes {
			return
		}
		for _, have := range qs {
			if have == q {
				return
			}
		}
		qs = append(qs, q)
	}
	add(docNo, 2)
	add(name, 2)
	phrases := strings.FieldsFunc(desc, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
	})
	n := 0
	for _, p := range phrases {
		if n == 4 {
			break
		}
		if utf8.RuneCountInString(p) >= 4 {
			add(p, 4)
			n++
		}
	}
	return qs
}

// findSimilar searches the catalogue with each query and returns up to
// maxSimilar distinct documents, best first. A failing search is logged
// and shows nothing: the check is a courtesy, never an obstacle.
func (k *kit) findSimilar(name, docNo, desc string) []domain.SearchHit {
	ctx, cancel := k.ctx(3 * time.Second)
	defer cancel()
	seen := map[string]bool{}
	var out []domain.SearchHit
	for _, q := range similarQueries(name, docNo, desc) {
		res, err := k.deps.Catalogue.Search(ctx, domain.SearchFilter{Query: q, Limit: maxSimilar})
		if err != nil {
			k.app.Logf("forms: similar documents: %v", err)
			return out
		}
		for _, h := range res.Hits {
			if !seen[h.ID] && len(out) < maxSimilar {
				seen[h.ID] = true
				out = append(out, h)
			}
		}
	}
	return out
}

// similarPanel lists already-public documents; tapping one opens it on
// the document screen, and 返回 comes back to the form as it was.
func similarPanel(app *ui.App, hits []domain.SearchHit, open func(id string)) fyne.CanvasObject {
	rows := []fyne.CanvasObject{
		heading("以下信息已主动公开，可直接查阅"),
		muted("根据您描述的信息，本机找到以下已经主动公开的文件。点按标题即可阅读全文，无需申请。如果其中没有您需要的信息，请点“继续申请”。"),
	}
	for _, h := range hits {
		id := h.ID
		label := h.Title
		var meta []string
		if h.DocNo != "" {
			meta = append(meta, h.DocNo)
		}
		if h.Published != "" {
			meta = append(meta, "发布日期 "+h.Published)
		}
		if len(meta) > 0 {
			label += "\n" + strings.Join(meta, "　")
		}
		rows = append(rows, ui.NewLinkRow(label, app.Handle(func() { open(id) })))
	}
	return container.NewVBox(rows...)
}
