package catalog

import (
	"errors"
	"io/fs"

	"gongkai/internal/domain"
)

// readOptionalTOML reads and decodes one of the optional .toml files; ok is
// false when it is absent or has already been reported as broken.
func (l *loader) readOptionalTOML(name string) (t *tomlText, ok bool) {
	src, err := fs.ReadFile(l.fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	} else if err != nil {
		l.add(name, 0, "无法读取：%v", err)
		return nil, false
	}
	if !l.checkUTF8(name, 0, src) {
		return nil, false
	}
	return l.decodeTOML(name, 0, string(src))
}

// loadConsultations reads consultations.toml (optional). docIDs are the
// documents in the set, which a consultation's `document` must name.
func (l *loader) loadConsultations(docIDs map[string]bool) []domain.Consultation {
	t, ok := l.readOptionalTOML(consultationsFile)
	if !ok {
		return nil
	}
	l.checkTopKeys(t, "consultation")
	var out []domain.Consultation
	seen := map[string]int{}
	for _, f := range l.entries(t, "consultation") {
		f.unknown("id", "title", "summary", "document", "opens", "closes", "draft")
		c := domain.Consultation{
			ID:         f.id("id"),
			Title:      f.str("title", true),
			Summary:    f.str("summary", false),
			DocumentID: f.str("document", false),
			Opens:      f.date("opens", true),
			Closes:     f.date("closes", true),
		}
		c.Draft = ParseBody(f.str("draft", false))
		if c.DocumentID == "" && len(c.Draft) == 0 {
			f.problem("id", "意见征集 %q 需要 draft（草案全文）或 document（草案文件的 id）", c.ID)
		}
		if c.DocumentID != "" && !docIDs[c.DocumentID] {
			f.problem("document", "document 指向的文件 id %q 不存在（或该文件有错误未导入）", c.DocumentID)
		}
		if c.Opens != "" && c.Closes != "" && c.Closes < c.Opens {
			f.problem("closes", "截止日期 %s 早于开始日期 %s", c.Closes, c.Opens)
		}
		if n, dup := seen[c.ID]; dup && c.ID != "" {
			f.problem("id", "意见征集 id %q 重复（第 %d 行已使用）", c.ID, n)
		} else if c.ID != "" {
			seen[c.ID] = f.line("id")
		}
		if !f.bad {
			out = append(out, c)
		}
	}
	return out
}
