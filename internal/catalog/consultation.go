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
		f.unknown("id", "title", "summary", "document", "opens", "closes", "draft", "questions", "feedback")
		c := domain.Consultation{
			ID:         f.id("id"),
			Title:      f.str("title", true),
			Summary:    f.str("summary", false),
			DocumentID: f.str("document", false),
			Opens:      f.date("opens", true),
			Closes:     f.date("closes", true),
			Questions:  f.strs("questions"),
			FeedbackID: f.str("feedback", false),
		}
		c.Draft = ParseBody(f.str("draft", false))
		if c.DocumentID == "" && len(c.Draft) == 0 {
			f.problem("id", "意见征集 %q 需要 draft（草案全文）或 document（草案文件的 id）", c.ID)
		}
		for key, id := range map[string]string{"document": c.DocumentID, "feedback": c.FeedbackID} {
			if id != "" && !docIDs[id] {
				f.problem(key, "%s 指向的文件 id %q 不存在（或该文件有错误未导入）", key, id)
			}
		}
		for _, p := range CheckConsultation(&c, Refs{}) {
			if !f.reported(p.Key) && !(p.Key == "document" && f.reported("id")) {
				f.problem(p.Key, "%s", p.Message)
			}
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
