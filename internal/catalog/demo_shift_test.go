package catalog

import (
	"testing"
	"time"

	"gongkai/assets"
	"gongkai/internal/calendar"
)

// TestShiftLive holds the demo catalogue alive on any day: its open
// consultation is open and its events ahead, on the same weekday, while
// the closed consultation stays in the past.
func TestShiftLive(t *testing.T) {
	for _, now := range []time.Time{
		DemoEpoch.Add(10 * time.Hour),
		time.Date(2027, 12, 31, 16, 0, 0, 0, calendar.Beijing),
		time.Date(2028, 2, 29, 9, 0, 0, 0, calendar.Beijing),
		time.Date(2031, 7, 4, 9, 0, 0, 0, calendar.Beijing),
	} {
		orig, _, err := Load(assets.DemoCatalog(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		set, _, _ := Load(assets.DemoCatalog(), Options{})
		ShiftLive(set, DemoEpoch, now)
		today := calendar.Today(now)
		open := 0
		for i, c := range set.Consultations {
			opens, closes := calendar.MustParse(c.Opens), calendar.MustParse(c.Closes)
			if !closes.Before(today) && !opens.After(today) {
				open++
			}
			if o := orig.Consultations[i]; calendar.MustParse(o.Closes).Before(calendar.Today(DemoEpoch)) && c.Closes != o.Closes {
				t.Errorf("%s: the past consultation %s moved to %s", now, c.ID, c.Closes)
			}
		}
		if open == 0 {
			t.Errorf("%s: no open consultation: %+v", now, set.Consultations)
		}
		for i, e := range set.Events {
			if !e.Start.After(now) {
				t.Errorf("%s: event %s starts %s, not ahead", now, e.ID, e.Start)
			}
			if o := orig.Events[i]; e.Start.Weekday() != o.Start.Weekday() || e.End.Sub(e.Start) != o.End.Sub(o.Start) {
				t.Errorf("%s: event %s moved to another weekday or length: %s", now, e.ID, e.Start)
			}
		}
	}
	set, _, _ := Load(assets.DemoCatalog(), Options{})
	before := set.Events[0].Start
	ShiftLive(set, DemoEpoch, DemoEpoch.AddDate(0, -1, 0))
	if set.Events[0].Start != before {
		t.Error("shifted before the epoch")
	}
}
