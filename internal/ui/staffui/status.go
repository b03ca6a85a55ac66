package staffui

import (
	"context"
	"time"

	"gongkai/internal/health"
)

// load reads the health report the screen shows and logs what could
// not be read.
func (m *Mode) load(ctx context.Context) health.Report {
	r := m.health.Read(ctx)
	for _, err := range r.Errors() {
		m.app.Logf("staffui: status: %v", err)
	}
	return r
}

// stamp words a moment for staff: 今天 09:30, 03-14 17:05 or 2025-12-30 17:05.
func stamp(t, now time.Time) string {
	if t.IsZero() {
		return "从未"
	}
	t = t.In(now.Location())
	switch {
	case t.Year() != now.Year():
		return t.Format("2006-01-02 15:04")
	case t.YearDay() == now.YearDay():
		return "今天 " + t.Format("15:04")
	}
	return t.Format("01-02 15:04")
}
