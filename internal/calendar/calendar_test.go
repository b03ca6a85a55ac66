package calendar_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/calendar/calendartest"
	"gongkai/internal/domain"
)

// years is docs/holidays-cn.md's table, read by calendartest: the tests
// check the arithmetic against the State Council's notices, not against
// whatever catalogue file ships.
func years(t testing.TB) []domain.CalendarYear { return calendartest.HolidaysCN(t) }

func TestWorkedExamples(t *testing.T) {
	cal := calendar.New(years(t))
	tests := []struct {
		from string
		n    int
		want string
	}{
		// docs/ogi-rules.md, Art. 30/33 worked examples.
		{"2025-09-26", 7, "2025-10-13"},
		{"2025-09-26", 20, "2025-10-30"},
		{"2025-09-26", 40, "2025-11-27"},
		{"2026-02-10", 7, "2026-02-26"},
		{"2026-02-10", 20, "2026-03-16"},
		// Counting starts the next day: a Friday receipt's first day is Monday.
		{"2025-03-07", 1, "2025-03-10"},
		// A make-up Saturday counts (2025-10-11 is 调休上班).
		{"2025-10-10", 1, "2025-10-11"},
		// Received on a holiday: the first working day after it is day 1.
		{"2024-10-03", 1, "2024-10-08"},
		{"2024-02-09", 1, "2024-02-18"}, // Spring Festival 2024; 02-18 is a make-up Sunday
		{"2025-01-27", 1, "2025-02-05"}, // Spring Festival 2025
		{"2025-03-07", 0, "2025-03-07"},
	}
	for _, tt := range tests {
		due, prov := cal.AddWorkingDays(calendar.MustParse(tt.from), tt.n)
		if got := due.String(); got != tt.want || prov {
			t.Errorf("%s + %d = %s (provisional %v), want %s (not provisional)", tt.from, tt.n, got, prov, tt.want)
		}
		if tt.n > 0 {
			n, prov := cal.WorkingDaysBetween(calendar.MustParse(tt.from), due)
			if n != tt.n || prov {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, %v; want %d, false", tt.from, due, n, prov, tt.n)
			}
		}
	}
}

// TestEveryHolidayAndMakeUpDay checks every day of 2024-2026: listed off
// days are not working days, listed make-up days are, and every other day
// follows the weekday.
func TestEveryHolidayAndMakeUpDay(t *testing.T) {
	ys := years(t)
	cal := calendar.New(ys)
	special := map[string]bool{} // date -> working
	for _, y := range ys {
		for _, d := range y.Off {
			special[d] = false
		}
		for _, d := range y.Work {
			special[d] = true
		}
	}
	if got, want := len(special) /*2024*/, 1+8+3+5+1+3+7+8+ /*2025*/ 1+8+3+5+3+8+5+ /*2026*/ 3+9+3+5+3+3+7+6; got != want {
		t.Fatalf("table expands to %d special days, want %d", got, want)
	}
	for d := calendar.MustParse("2024-01-01"); d.Year <= 2026; d = d.AddDays(1) {
		working, known := cal.IsWorkingDay(d)
		want, isSpecial := special[d.String()]
		if !isSpecial {
			want = d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		}
		if working != want || !known {
			t.Errorf("IsWorkingDay(%s %s) = %v, %v; want %v, true", d, d.Weekday(), working, known, want)
		}
	}
	// A few facts checked by hand against the notices.
	for s, want := range map[string]bool{
		"2024-02-18": true,  // Sunday, make-up day
		"2024-05-11": true,  // Saturday, make-up day
		"2025-01-28": false, // 除夕 2025
		"2025-10-08": false, // last day of the 2025 National Day break (a Wednesday)
		"2025-10-09": true,
		"2026-02-23": false, // Monday inside the 2026 Spring Festival break
		"2026-02-28": true,  // Saturday, make-up day
		"2026-06-19": false, // 端午 2026, a Friday
	} {
		if got, _ := cal.IsWorkingDay(calendar.MustParse(s)); got != want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", s, got, want)
		}
	}
}

func TestProvisional(t *testing.T) {
	cal := calendar.New(years(t))
	tests := []struct {
		from     string
		n        int
		want     string
		wantProv bool
	}{
		{"2026-12-03", 20, "2026-12-31", false}, // last known day exactly
		{"2026-12-04", 20, "2027-01-01", true},  // one day into unknown 2027
		{"2026-12-20", 20, "2027-01-15", true},
		{"2023-12-29", 1, "2024-01-02", true}, // walks over 12-30 and 12-31 of unknown 2023
		{"2023-12-31", 1, "2024-01-02", false},
	}
	for _, tt := range tests {
		due, prov := cal.AddWorkingDays(calendar.MustParse(tt.from), tt.n)
		if due.String() != tt.want || prov != tt.wantProv {
			t.Errorf("%s + %d = %s, %v; want %s, %v", tt.from, tt.n, due, prov, tt.want, tt.wantProv)
		}
	}
	if _, known := cal.IsWorkingDay(calendar.MustParse("2027-01-04")); known {
		t.Error("2027 reported as known")
	}
	// No calendar at all: weekdays only, always provisional.
	var none *calendar.Calendar
	due, prov := none.AddWorkingDays(calendar.MustParse("2025-09-26"), 20)
	if due.String() != "2025-10-24" || !prov {
		t.Errorf("nil calendar: %s, %v; want 2025-10-24, true", due, prov)
	}
}

func TestValidate(t *testing.T) {
	good := years(t)[1]
	if err := calendar.Validate(good); err != nil {
		t.Fatalf("Validate(2025) = %v", err)
	}
	tests := []struct {
		name string
		y    domain.CalendarYear
		want string
	}{
		{"no holidays", domain.CalendarYear{Year: 2027}, "no holidays"},
		{"bad date", domain.CalendarYear{Year: 2027, Off: []string{"2027-02-30"}}, "YYYY-MM-DD"},
		{"other year", domain.CalendarYear{Year: 2027, Off: []string{"2026-01-01"}}, "another year"},
		{"both", domain.CalendarYear{Year: 2025, Off: []string{"2025-01-26"}, Work: []string{"2025-01-26"}}, "both"},
		{"weekday make-up", domain.CalendarYear{Year: 2025, Off: []string{"2025-01-01"}, Work: []string{"2025-01-27"}}, "not a weekend"},
		{"year range", domain.CalendarYear{Year: 0, Off: []string{"0000-01-01"}}, "out of range"},
	}
	for _, tt := range tests {
		err := calendar.Validate(tt.y)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Validate = %v, want error containing %q", tt.name, err, tt.want)
		}
	}
	// A broken year is left out of New, so it is unknown, not holiday-free.
	bad := good
	bad.Work = append([]string{"2025-13-01"}, bad.Work...)
	cal := calendar.New([]domain.CalendarYear{bad})
	if cal.Knows(2025) {
		t.Error("New kept a year that fails Validate")
	}
	if _, prov := cal.AddWorkingDays(calendar.MustParse("2025-09-26"), 20); !prov {
		t.Error("deadline through a rejected year not provisional")
	}
	// A later entry for the same year replaces the earlier one.
	cal = calendar.New([]domain.CalendarYear{good, {Year: 2025, Off: []string{"2025-01-01"}}})
	if w, _ := cal.IsWorkingDay(calendar.MustParse("2025-10-08")); !w {
		t.Error("later calendar year did not replace the earlier one")
	}
	if got := calendar.New(years(t)).Years(); len(got) != 3 || got[0] != 2024 || got[2] != 2026 {
		t.Errorf("Years() = %v", got)
	}
}

func TestDate(t *testing.T) {
	for _, s := range []string{"2025-02-29", "2025-2-1", "20250201", "", "2025-02-01T00:00:00Z"} {
		if _, err := calendar.Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
	d := calendar.MustParse("2024-02-29")
	if got := d.AddDays(366).String(); got != "2025-03-01" {
		t.Errorf("AddDays = %s", got)
	}
	if got := d.AddDays(-60).String(); got != "2023-12-31" {
		t.Errorf("AddDays(-60) = %s", got)
	}
	// 2025-06-30 16:30 UTC is already 07-01 in Beijing.
	if got := calendar.Today(time.Date(2025, 6, 30, 16, 30, 0, 0, time.UTC)).String(); got != "2025-07-01" {
		t.Errorf("Today = %s, want 2025-07-01", got)
	}
	b, err := json.Marshal(struct {
		D calendar.Date `json:"d"`
		Z calendar.Date `json:"z,omitzero"`
	}{D: d})
	if err != nil || string(b) != `{"d":"2024-02-29"}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	var back struct{ D calendar.Date }
	if err := json.Unmarshal([]byte(`{"D":"2024-02-29"}`), &back); err != nil || back.D != d {
		t.Errorf("Unmarshal = %v, %v", back.D, err)
	}
	if !d.Before(d.AddDays(1)) || d.After(d) || d.Compare(d) != 0 {
		t.Error("Compare broken")
	}
}
