// Package calendartest gives tests the State Council's holiday tables as
// transcribed in docs/holidays-cn.md, so that the working-day arithmetic
// and every calendar the project ships are checked against the notices,
// not against a copy typed into each test.
package calendartest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
)

// Path is docs/holidays-cn.md in this repository.
func Path() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "docs", "holidays-cn.md")
}

// HolidaysCN returns every year of docs/holidays-cn.md's table, ranges
// spelled out day by day, in the table's order.
func HolidaysCN(tb testing.TB) []domain.CalendarYear {
	tb.Helper()
	b, err := os.ReadFile(Path())
	if err != nil {
		tb.Fatal(err)
	}
	years, err := parse(string(b))
	if err != nil {
		tb.Fatalf("%s: %v", Path(), err)
	}
	return years
}

// Year returns one year of HolidaysCN.
func Year(tb testing.TB, year int) domain.CalendarYear {
	tb.Helper()
	for _, y := range HolidaysCN(tb) {
		if y.Year == year {
			return y
		}
	}
	tb.Fatalf("%s has no row for %d", Path(), year)
	return domain.CalendarYear{}
}

// parse reads the table rows "| YYYY | off | work |": off is "MM-DD" or
// "MM-DD..MM-DD" items separated by ";", work "MM-DD" items separated by
// ",".
func parse(doc string) ([]domain.CalendarYear, error) {
	var out []domain.CalendarYear
	for _, line := range strings.Split(doc, "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) != 3 {
			continue
		}
		year, err := strconv.Atoi(strings.TrimSpace(cells[0]))
		if err != nil {
			continue // the header and its rule
		}
		y := domain.CalendarYear{Year: year, Off: []string{}, Work: []string{}}
		for _, r := range strings.Split(cells[1], ";") {
			first, last, ok := strings.Cut(strings.TrimSpace(r), "..")
			if !ok {
				last = first
			}
			a, err1 := calendar.Parse(fmt.Sprintf("%d-%s", year, first))
			b, err2 := calendar.Parse(fmt.Sprintf("%d-%s", year, last))
			if err1 != nil || err2 != nil || b.Before(a) {
				return nil, fmt.Errorf("%d: bad off range %q", year, r)
			}
			for d := a; !d.After(b); d = d.AddDays(1) {
				y.Off = append(y.Off, d.String())
			}
		}
		for _, w := range strings.Split(cells[2], ",") {
			d, err := calendar.Parse(fmt.Sprintf("%d-%s", year, strings.TrimSpace(w)))
			if err != nil {
				return nil, fmt.Errorf("%d: bad work day %q", year, w)
			}
			y.Work = append(y.Work, d.String())
		}
		out = append(out, y)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no year rows")
	}
	return out, nil
}
