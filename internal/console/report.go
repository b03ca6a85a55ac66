package console

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/accounts"
	"gongkai/internal/calendar"
	"gongkai/internal/foi"
)

// reportData is the annual table page.
type reportData struct {
	R     *foi.Report
	Rows  []reportLine
	Year  int
	Years []int
}

// reportLine is a table row as the published table lays it out: a group
// heading and an item in two label columns, or one label over both.
type reportLine struct {
	foi.ReportRow
	First, Second string
	Wide          bool // the label spans both label columns
}

func reportLines(r *foi.Report) []reportLine {
	out := make([]reportLine, len(r.Rows))
	for i, row := range r.Rows {
		l := reportLine{ReportRow: row}
		switch {
		case row.Group != "":
			l.First, l.Second = row.Group, row.Label
		case strings.Contains(row.Key, ".") && !strings.HasPrefix(row.Label, "（"):
			l.Second = row.Label
		default:
			l.First, l.Wide = row.Label, true
		}
		out[i] = l
	}
	return out
}

// reportYear is the year asked for, this year by default.
func (s *Server) reportYear(r *http.Request) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
		return y
	}
	return calendar.Today(s.opt.Now()).Year
}

// reportPage shows table 三 of the annual report for a year, as published.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request, c *call) {
	year := s.reportYear(r)
	rep, err := s.opt.Cases.AnnualReport(r.Context(), year)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "report", view{Title: fmt.Sprintf("%d年度报告 · 收到和处理政府信息公开申请情况", year),
		Data: reportData{R: rep, Rows: reportLines(rep), Year: year, Years: s.years()}})
}

// exportReport sends the table as CSV or XLSX.
func (s *Server) exportReport(format string) func(http.ResponseWriter, *http.Request, *call) {
	return func(w http.ResponseWriter, r *http.Request, c *call) {
		year := s.reportYear(r)
		rep, err := s.opt.Cases.AnnualReport(r.Context(), year)
		if err != nil {
			s.fail(w, r, c, err)
			return
		}
		var body []byte
		if format == "csv" {
			body, err = rep.CSV()
		} else {
			body, err = rep.XLSX(s.opt.Now())
		}
		if err == nil {
			err = s.acc.Record(r.Context(), c.login(), accounts.ActionExport, fmt.Sprintf("%d年度报表（%s）", year, strings.ToUpper(format)))
		}
		if err != nil {
			s.fail(w, r, c, err)
			return
		}
		sendFile(w, fmt.Sprintf("%d年度政府信息公开申请情况.%s", year, format), body)
	}
}
