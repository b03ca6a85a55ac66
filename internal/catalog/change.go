package catalog

import (
	"encoding/json"
	"strconv"

	"gongkai/internal/domain"
)

// Changes returns every object of the set as an upsert Change with versions
// first, first+1, ... in an order a kiosk can apply front to back: the
// calendar, categories (parents before children), documents (by id),
// consultations, then events. The same set always gives byte-identical
// changes, so re-importing an unchanged catalogue can be detected by
// comparing Data.
func (s *Set) Changes(first int64) []domain.Change {
	n := len(s.Calendar) + len(s.Categories) + len(s.Documents) + len(s.Consultations) + len(s.Events)
	out := make([]domain.Change, 0, n)
	add := func(kind, id string, v any) {
		data, err := json.Marshal(v)
		if err != nil {
			// The domain types are plain structs of strings, numbers and
			// times; Marshal cannot fail on them.
			panic("catalog: marshal " + kind + " " + id + ": " + err.Error())
		}
		out = append(out, domain.Change{Version: first + int64(len(out)), Kind: kind, ID: id, Data: data})
	}
	for _, y := range s.Calendar {
		add(domain.KindCalendar, strconv.Itoa(y.Year), y)
	}
	for _, c := range s.Categories {
		add(domain.KindCategory, c.ID, c)
	}
	for _, d := range s.Documents {
		add(domain.KindDocument, d.ID, d)
	}
	for _, c := range s.Consultations {
		add(domain.KindConsultation, c.ID, c)
	}
	for _, e := range s.Events {
		add(domain.KindEvent, e.ID, e)
	}
	return out
}
