// Package calendar does working-day arithmetic for statutory deadlines
// (《政府信息公开条例》 Art. 30, 31, 33): which days are working days, and the
// date n working days after a receipt date.
//
// A working day is Monday to Friday unless the year's calendar lists it as
// a holiday (off), plus any weekend day the calendar lists as a make-up
// working day (work, 调休上班). The calendar is data the hub serves, one
// domain.CalendarYear per year, because the State Council publishes each
// year's holidays only late in the year before. A year the calendar does
// not hold is unknown: arithmetic that reaches into it still answers (by
// weekdays alone) but says the answer is provisional, so a deadline is
// never silently computed as if there were no holidays.
//
// Both the kiosk (receipts) and the hub (staff deadlines, extensions,
// 补正 restarts) use this package, so they always agree.
package calendar

import (
	"fmt"
	"sort"
	"time"

	"gongkai/internal/domain"
)

// Calendar answers working-day questions for the years it holds. The zero
// value and a nil *Calendar know no year at all. A Calendar is immutable
// after New and safe for concurrent use.
type Calendar struct {
	years map[int]year
}

type year struct {
	off  map[Date]bool
	work map[Date]bool
}

// New builds a Calendar from the hub's calendar years. A year that fails
// Validate is left out (and so treated as unknown, which makes deadlines
// in it provisional) rather than half-used: a typo in a holiday list must
// not quietly shorten someone's deadline. When a year appears twice, the
// later entry wins, as a newer change from the hub would.
func New(years []domain.CalendarYear) *Calendar {
	c := &Calendar{years: make(map[int]year, len(years))}
	for _, y := range years {
		if Validate(y) != nil {
			delete(c.years, y.Year)
			continue
		}
		v := year{off: make(map[Date]bool, len(y.Off)), work: make(map[Date]bool, len(y.Work))}
		for _, s := range y.Off {
			v.off[MustParse(s)] = true
		}
		for _, s := range y.Work {
			v.work[MustParse(s)] = true
		}
		c.years[y.Year] = v
	}
	return c
}

// Validate reports why a calendar year cannot be used: dates that do not
// parse or fall in another year, a date both off and work, a make-up day
// that is not a weekend day, and a year with no holidays at all (every
// Chinese year has at least New Year's Day, so an empty list is a mistake,
// not a fact). The catalogue importer and the hub call it to reject bad
// data at the door.
func Validate(y domain.CalendarYear) error {
	if y.Year < 1900 || y.Year > 9999 {
		return fmt.Errorf("calendar year %d: out of range", y.Year)
	}
	if len(y.Off) == 0 {
		return fmt.Errorf("calendar year %d: no holidays listed", y.Year)
	}
	// parse reads a date of the off or work list (kind), in the year.
	parse := func(kind, s string) (Date, error) {
		d, err := Parse(s)
		if err != nil {
			return d, fmt.Errorf("calendar year %d: %s: %w", y.Year, kind, err)
		}
		if d.Year != y.Year {
			return d, fmt.Errorf("calendar year %d: %s date %s is in another year", y.Year, kind, s)
		}
		return d, nil
	}
	off := map[Date]bool{}
	for _, s := range y.Off {
		d, err := parse("off", s)
		if err != nil {
			return err
		}
		off[d] = true
	}
	for _, s := range y.Work {
		d, err := parse("work", s)
		if err != nil {
			return err
		}
		if off[d] {
			return fmt.Errorf("calendar year %d: %s is listed both off and work", y.Year, s)
		}
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			return fmt.Errorf("calendar year %d: make-up working day %s is a %s, not a weekend day", y.Year, s, wd)
		}
	}
	return nil
}

// Years returns the years the calendar holds, in order.
func (c *Calendar) Years() []int {
	if c == nil {
		return nil
	}
	ys := make([]int, 0, len(c.years))
	for y := range c.years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// Knows reports whether the calendar holds year y.
func (c *Calendar) Knows(y int) bool {
	if c == nil {
		return false
	}
	_, ok := c.years[y]
	return ok
}

// IsWorkingDay reports whether d is a working day. known is false when the
// calendar does not hold d's year; working is then a guess from the
// weekday alone.
func (c *Calendar) IsWorkingDay(d Date) (working, known bool) {
	weekday := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
	if c == nil {
		return weekday, false
	}
	y, ok := c.years[d.Year]
	if !ok {
		return weekday, false
	}
	switch {
	case y.work[d]:
		return true, true
	case y.off[d]:
		return false, true
	}
	return weekday, true
}

// AddWorkingDays returns the n-th working day after from, counting from
// the day after from (Art. 31, 33: received on from, due n working days
// later). provisional is true when any day walked over, from the day after
// from up to due, lies in a year the calendar does not hold; due then
// assumes that year has no holidays and must be shown as provisional.
// n <= 0 returns from itself, not provisional.
func (c *Calendar) AddWorkingDays(from Date, n int) (due Date, provisional bool) {
	d := from
	for n > 0 {
		d = d.AddDays(1)
		working, known := c.IsWorkingDay(d)
		if !known {
			provisional = true
		}
		if working {
			n--
		}
	}
	return d, provisional
}

// WorkingDaysBetween counts the working days after from up to and
// including to (0 when to is not after from): how much of a deadline has
// been used. provisional is as for AddWorkingDays.
func (c *Calendar) WorkingDaysBetween(from, to Date) (n int, provisional bool) {
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		working, known := c.IsWorkingDay(d)
		if !known {
			provisional = true
		}
		if working {
			n++
		}
	}
	return n, provisional
}
