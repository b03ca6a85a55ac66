package foi

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/xlsx"
)

// Export formats of the register.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// exportHeader are the register's columns in an export.
var exportHeader = []string{"登记编号", "受理编号", "申请人", "申请人类别", "渠道", "收到日期", "申请内容", "阶段", "科室", "承办人",
	"答复期限", "剩余工作日", "办理结果", "答复日期", "送达"}

// exportRow is one case in an export.
func exportRow(c *Case) []string {
	due, left := "", ""
	if !c.Deadline.Due.IsZero() {
		due = c.Deadline.Due.String()
		if c.Deadline.Provisional {
			due += "（暂定）"
		}
	}
	switch c.Deadline.Clock {
	case ClockRunning, ClockPaused:
		left = strconv.Itoa(c.Deadline.DaysLeft)
		if c.Deadline.Overdue {
			left = "已超期" + strconv.Itoa(-c.Deadline.DaysLeft)
		}
	case ClockStopped:
		left = "待补正"
	}
	outcome, signed, delivered := "", "", ""
	if c.Reply != nil {
		outcome = domain.OutcomeRef(c.Reply.Outcome) + " " + domain.OutcomeLabel(c.Reply.Outcome)
		if c.Answered() {
			signed = c.Reply.Signed.String()
		}
	}
	if c.Delivery != nil {
		delivered = c.Delivery.Date.String() + " " + c.Delivery.Method
	}
	handler := c.HandlerName
	if handler == "" {
		handler = c.Handler
	}
	return []string{c.ID, c.Tracking, c.Applicant.Name, c.Applicant.Category, c.Channel, c.Received.String(),
		c.Request.Summary(), string(c.Stage), c.Dept, handler, due, left, outcome, signed, delivered}
}

// Export returns the register filtered by f (every page, up to MaxLimit
// cases) as CSV or XLSX, for staff. It holds personal data.
func (s *Service) Export(ctx context.Context, a Actor, f Filter, format string) ([]byte, error) {
	f.Offset, f.Limit = 0, MaxLimit
	page, err := s.List(ctx, a, f)
	if err != nil {
		return nil, err
	}
	rows := [][]string{exportHeader}
	for _, c := range page.Cases {
		rows = append(rows, exportRow(c))
	}
	switch strings.ToLower(format) {
	case FormatCSV:
		var b bytes.Buffer
		b.WriteString("\uFEFF") // so Excel and WPS read UTF-8
		w := csv.NewWriter(&b)
		w.WriteAll(rows)
		return b.Bytes(), w.Error()
	case FormatXLSX:
		cells := make([][]xlsx.Cell, len(rows))
		for i, r := range rows {
			for _, v := range r {
				if i == 0 {
					cells[i] = append(cells[i], xlsx.Bold(v))
				} else {
					cells[i] = append(cells[i], xlsx.Text(v))
				}
			}
		}
		var b bytes.Buffer
		err := xlsx.Write(&b, s.Now().Truncate(time.Second), xlsx.Sheet{Name: "依申请公开台账", Rows: cells,
			Widths: []float64{12, 20, 16, 12, 6, 11, 40, 8, 12, 10, 16, 10, 28, 11, 16}})
		return b.Bytes(), err
	}
	return nil, invalidf("导出格式应为 csv 或 xlsx")
}
