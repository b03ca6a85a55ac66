package catalog

import (
	"time"

	"gongkai/internal/calendar"
)

// DemoEpoch is the day the embedded demo catalogue's dates were written
// for: its open consultation is open and its events are weeks ahead.
var DemoEpoch = time.Date(2026, 12, 1, 0, 0, 0, 0, calendar.Beijing)

// ShiftLive moves the consultations and events of set that are still
// running or ahead on epoch by whole weeks, so that on the day now they
// stand where they stood on epoch (same weekday, same time of day). Past
// ones stay where they are, with the text that describes them as past.
// It does nothing when now is not after epoch. The kiosk applies it to the
// demo catalogue when it loads it, so that a kiosk first started years
// after a release still shows an open consultation and upcoming events.
func ShiftLive(set *Set, epoch, now time.Time) {
	days := int(now.Sub(epoch).Hours() / 24)
	if days <= 0 {
		return
	}
	weeks := (days + 6) / 7
	shift := weeks * 7
	for i := range set.Events {
		e := &set.Events[i]
		if e.End.Before(epoch) {
			continue
		}
		e.Start, e.End = e.Start.AddDate(0, 0, shift), e.End.AddDate(0, 0, shift)
	}
	for i := range set.Consultations {
		c := &set.Consultations[i]
		closes, err := calendar.Parse(c.Closes)
		if err != nil || closes.Before(calendar.Today(epoch)) {
			continue
		}
		if opens, err := calendar.Parse(c.Opens); err == nil {
			c.Opens = opens.AddDays(shift).String()
		}
		c.Closes = closes.AddDays(shift).String()
	}
}
