package console

import (
	"net/http"
	"strings"

	"gongkai/internal/catalog"
	"gongkai/internal/domain"
	"gongkai/internal/publish"
)

// previewData is a document laid out as the kiosk's 文件详情 screen lays
// it out (internal/ui.DocumentScreen): the title centred, the 有效性 and
// 示例 tags, the two-column metadata table with 关键词 across, the links
// to and from its 解读, the body, and the attachments with their kind and
// size. Only what the kiosk would show is here.
type previewData struct {
	Entry      *publish.Entry
	Doc        domain.Document
	Validity   string // "" when 有效
	Left       [][2]string
	Right      [][2]string
	Keywords   string
	Explains   *publish.Link
	Readings   []publish.Link
	Files      []previewFile
	NotToKiosk bool
}

type previewFile struct{ Name, Kind string }

func (s *Server) previewPage(w http.ResponseWriter, r *http.Request, c *call) {
	e, err := s.opt.Publish.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	d := e.Doc
	dash := func(v string) string {
		if v == "" {
			return "—"
		}
		return v
	}
	p := previewData{Entry: e, Doc: d, Readings: e.Readings,
		Left:       [][2]string{{"索引号", dash(d.IndexNo)}, {"文号", dash(d.DocNo)}, {"发布机构", dash(d.Issuer)}, {"主题分类", dash(d.Topic)}},
		Right:      [][2]string{{"成文日期", dash(d.Written)}, {"发布日期", dash(d.Published)}, {"公开属性", dash(d.Disclosure)}, {"有效性", dash(d.Validity)}},
		Keywords:   dash(strings.Join(d.Keywords, "、")),
		NotToKiosk: d.Disclosure != domain.DisclosureProactive,
	}
	if d.Validity != "" && d.Validity != domain.ValidityValid {
		p.Validity = d.Validity
	}
	if e.Explains != nil && e.Explains.Live {
		p.Explains = e.Explains
	}
	for _, a := range d.Attachments {
		p.Files = append(p.Files, previewFile{Name: a.Name, Kind: catalog.MediaTypeName(a.MediaType) + "　" + catalog.HumanSize(a.Size)})
	}
	s.render(w, r, c, http.StatusOK, "docpreview", view{Title: "终端预览：" + d.Title, Data: p})
}
