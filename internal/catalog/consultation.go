package catalog

import (
	"errors"
	"io/fs"

	"gongkai/internal/domain"
)

// loadTable reads the [[key]] tables of the optional .toml file name:
// read makes each into a T, reporting what is wrong with its fields; the
// ones without problems are returned in the file's order.
func loadTable[T any](l *loader, name, key string, read func(f *fields) T) []T {
	t, ok := l.readOptionalTOML(name)
	if !ok {
		return nil
	}
	l.checkTopKeys(t, key)
	var out []T
	for _, f := range l.entries(t, key) {
		if v := read(f); !f.bad {
			out = append(out, v)
		}
	}
	return out
}

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
	seen := map[string]int{}
	return loadTable(l, consultationsFile, "consultation", func(f *fields) domain.Consultation {
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
		f.unique(seen, "意见征集", c.ID)
		return c
	})
}
