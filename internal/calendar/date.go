package calendar

import (
	"cmp"
	"errors"
	"fmt"
	"time"
)

// Layout is the text form of a Date, the same as domain.DateLayout.
const Layout = "2006-01-02"

// Date is a civil date with no time of day and no time zone. Deadlines are
// counted in whole days, so a civil date avoids the off-by-one errors that
// time zones and daylight saving bring to time.Time arithmetic.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Parse reads a date in the form YYYY-MM-DD and rejects impossible dates
// such as 2025-02-30.
func Parse(s string) (Date, error) {
	t, err := time.Parse(Layout, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: %w", s, ErrDateFormat)
	}
	return Of(t), nil
}

// ErrDateFormat is Parse's error for text that is not a YYYY-MM-DD date.
var ErrDateFormat = errors.New("want YYYY-MM-DD")

// MustParse is Parse for constants in tests and tables; it panics on error.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Of returns the civil date of t in t's own location. To get the date of
// an instant at the agency, convert it first: Of(t.In(calendar.Beijing)).
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Beijing is China Standard Time (UTC+08:00, no daylight saving). It is a
// fixed zone so that the kiosk needs no tzdata to know which day it is.
var Beijing = time.FixedZone("CST", 8*60*60)

// Today returns the civil date at the agency (Beijing time) of instant t.
func Today(t time.Time) Date { return Of(t.In(Beijing)) }

// String returns the date as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight at the start of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n calendar days after d (before, if n < 0).
func (d Date) AddDays(n int) Date { return Of(d.Time(time.UTC).AddDate(0, 0, n)) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.Time(time.UTC).Weekday() }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp.Compare(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp.Compare(d.Month, e.Month)
	default:
		return cmp.Compare(d.Day, e.Day)
	}
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// MarshalText writes d as YYYY-MM-DD, so a Date is a plain string in JSON;
// the zero Date is the empty string.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads YYYY-MM-DD; the empty string is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
