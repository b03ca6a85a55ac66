package calendar_test

import (
	"testing"

	"gongkai/assets"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
)

// TestDemoCalendarMatchesNotices checks the calendar the kiosk ships in
// its demo catalogue (assets/catalog/calendar.toml) against the State
// Council table typed into this test: same special days, every year valid.
func TestDemoCalendarMatchesNotices(t *testing.T) {
	set, _, err := catalog.Load(assets.DemoCatalog(), catalog.Options{})
	if err != nil {
		t.Fatalf("demo catalogue: %v", err)
	}
	for _, y := range set.Calendar {
		if err := calendar.Validate(y); err != nil {
			t.Errorf("demo calendar: %v", err)
		}
	}
	demo, want := calendar.New(set.Calendar), calendar.New(years(t))
	for _, y := range []int{2024, 2025, 2026} {
		if !demo.Knows(y) {
			t.Errorf("demo calendar lacks %d", y)
		}
	}
	for d := calendar.MustParse("2024-01-01"); d.Year <= 2026; d = d.AddDays(1) {
		got, _ := demo.IsWorkingDay(d)
		exp, _ := want.IsWorkingDay(d)
		if got != exp {
			t.Errorf("demo calendar: %s working = %v, the notices say %v", d, got, exp)
		}
	}
	due, prov := demo.AddWorkingDays(calendar.MustParse("2025-09-26"), 20)
	if due.String() != "2025-10-30" || prov {
		t.Errorf("demo calendar: 2025-09-26 + 20 = %s, %v", due, prov)
	}
}
