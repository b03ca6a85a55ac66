package catalog

import "gongkai/internal/domain"

// loadEvents reads events.toml (optional).
func (l *loader) loadEvents(docIDs map[string]bool) []domain.Event {
	seen := map[string]int{}
	return loadTable(l, eventsFile, "event", func(f *fields) domain.Event {
		f.unknown("id", "title", "description", "place", "start", "end", "capacity", "max_attendees", "terms", "feedback")
		e := domain.Event{
			ID:           f.id("id"),
			Title:        f.str("title", true),
			Description:  f.str("description", false),
			Place:        f.str("place", true),
			Start:        f.datetime("start", true),
			End:          f.datetime("end", true),
			Capacity:     f.integer("capacity", true, 0),
			MaxAttendees: f.integer("max_attendees", false, 1),
			Terms:        f.str("terms", false),
			FeedbackID:   f.str("feedback", false),
		}
		if e.MaxAttendees < 1 {
			f.problem("max_attendees", "每次报名人数 max_attendees 至少为 1")
		}
		if e.FeedbackID != "" && !docIDs[e.FeedbackID] {
			f.problem("feedback", "feedback 指向的文件 id %q 不存在（或该文件有错误未导入）", e.FeedbackID)
		}
		for _, p := range CheckEvent(&e, Refs{}) {
			if !f.reported(p.Key) {
				f.problem(p.Key, "%s", p.Message)
			}
		}
		f.unique(seen, "活动", e.ID)
		return e
	})
}
