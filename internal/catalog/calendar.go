package catalog

import (
	"sort"
	"strconv"

	"gongkai/internal/domain"
)

// loadCalendar reads calendar.toml (optional). Each year's dates are
// sorted, so reordering lines in the file does not change the calendar's
// bytes (or its change records).
func (l *loader) loadCalendar() []domain.CalendarYear {
	seen := map[int]int{}
	out := loadTable(l, calendarFile, "year", func(f *fields) domain.CalendarYear {
		f.unknown("year", "off", "work")
		y := domain.CalendarYear{Year: f.integer("year", true, 0), Off: f.dates("off"), Work: f.dates("work")}
		if f.bad {
			return y
		}
		if y.Year < 1900 || y.Year > 9999 {
			f.problem("year", "年份 %d 无效", y.Year)
		}
		prefix := strconv.Itoa(y.Year) + "-"
		off := map[string]bool{}
		for _, list := range []struct {
			key   string
			dates []string
		}{{"off", y.Off}, {"work", y.Work}} {
			dup := map[string]bool{}
			for _, d := range list.dates {
				switch {
				case len(d) < len(prefix) || d[:len(prefix)] != prefix:
					f.problem(list.key, "日期 %s 不在 %d 年内", d, y.Year)
				case dup[d]:
					f.problem(list.key, "日期 %s 重复", d)
				case list.key == "work" && off[d]:
					f.problem(list.key, "日期 %s 既在 off（放假）又在 work（调休上班）中", d)
				}
				dup[d] = true
				if list.key == "off" {
					off[d] = true
				}
			}
		}
		if n, dup := seen[y.Year]; dup {
			f.problem("year", "%d 年重复（第 %d 行已有）", y.Year, n)
		} else {
			seen[y.Year] = f.line("year")
		}
		sort.Strings(y.Off)
		sort.Strings(y.Work)
		return y
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}
