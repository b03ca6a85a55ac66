package console

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/xlsx"
)

// registerColumns are the export's columns, in order.
var registerColumns = []string{"登记号", "受理编号", "申请人", "申请人类别", "渠道", "收到日期", "答复期限", "剩余工作日",
	"阶段", "科室", "承办人", "所需信息", "办理结果", "答复日期"}

func registerRecord(c *foi.Case) []string {
	due := c.Deadline.Due.String()
	if c.Deadline.Due.IsZero() {
		due = c.Deadline.Clock
	} else if c.Deadline.Provisional {
		due += "（暂定）"
	}
	left := ""
	switch {
	case c.Deadline.Clock == foi.ClockDone:
		left = "已答复"
	case c.Deadline.Due.IsZero():
	case c.Deadline.Overdue:
		left = fmt.Sprintf("逾期 %d", -c.Deadline.DaysLeft)
	default:
		left = fmt.Sprint(c.Deadline.DaysLeft)
	}
	outcome, signed := "", ""
	if c.Reply != nil {
		outcome = (caseData{}).OutcomeText(c.Reply.Outcome)
		if !c.Reply.Signed.IsZero() {
			signed = c.Reply.Signed.String()
		}
	}
	return []string{c.ID, c.Tracking, c.Applicant.Name, c.Applicant.Category, c.Channel, c.Received.String(), due, left,
		string(c.Stage), c.Dept, c.HandlerName, c.Request.Summary(), outcome, signed}
}

// exportRegister writes the filtered register, every matching case up to
// foi.MaxLimit, as CSV or XLSX, and records the export: the file leaves
// the console with applicants' names in it.
func (s *Server) exportRegister(format string) func(http.ResponseWriter, *http.Request, *call) {
	return func(w http.ResponseWriter, r *http.Request, c *call) { s.writeRegister(w, r, c, format) }
}

func (s *Server) writeRegister(w http.ResponseWriter, r *http.Request, c *call, format string) {
	rq := parseRegisterQuery(r.URL.Query())
	rq.Page = 1
	if c.me().Role == accounts.RoleHandler {
		rq.Dept = c.me().Dept
	}
	page, err := s.opt.Cases.List(r.Context(), c.actor(), rq.filter(foi.MaxLimit))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	rows := make([][]string, 0, len(page.Cases)+1)
	rows = append(rows, registerColumns)
	for _, fc := range page.Cases {
		rows = append(rows, registerRecord(fc))
	}
	name := "台账-" + calendar.Today(s.opt.Now()).String()
	var body []byte
	if format == "csv" {
		body, err = csvBytes(rows)
	} else {
		body, err = xlsxBytes(s.opt.Now(), "台账", rows, []float64{12, 18, 12, 10, 6, 11, 14, 10, 8, 10, 10, 40, 28, 11})
	}
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	detail := fmt.Sprintf("台账 %d 件（%s）", len(page.Cases), strings.ToUpper(format))
	if err := s.acc.Record(r.Context(), c.login(), accounts.ActionExport, detail); err != nil {
		s.fail(w, r, c, err)
		return
	}
	sendFile(w, name+"."+format, body)
}

// sendFile answers with a download, typed by the name's extension.
func sendFile(w http.ResponseWriter, name string, body []byte) {
	ct := "application/octet-stream"
	switch {
	case strings.HasSuffix(name, ".csv"):
		ct = "text/csv; charset=utf-8"
	case strings.HasSuffix(name, ".xlsx"):
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case strings.HasSuffix(name, ".pdf"):
		ct = "application/pdf"
	}
	sendAs(w, name, ct, body)
}

// sendAs answers with a download of type ct. Downloads hold personal
// data: never cached.
func sendAs(w http.ResponseWriter, name, ct string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	h.Set("Cache-Control", "no-store")
	w.Write(body)
}

// csvBytes writes rows as CSV with a UTF-8 byte-order mark, which
// spreadsheet programs on Chinese Windows need to read UTF-8. A cell that
// a spreadsheet would take for a formula (=, +, -, @ first) gets a leading
// apostrophe, so a typed value cannot run as one.
func csvBytes(rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	cw := csv.NewWriter(&b)
	cw.UseCRLF = true
	for _, row := range rows {
		safe := make([]string, len(row))
		for i, v := range row {
			safe[i] = csvSafe(v)
		}
		if err := cw.Write(safe); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return b.Bytes(), cw.Error()
}

func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// xlsxBytes writes rows as one sheet with a bold, frozen header row.
func xlsxBytes(now time.Time, sheet string, rows [][]string, widths []float64) ([]byte, error) {
	cells := make([][]xlsx.Cell, len(rows))
	for i, row := range rows {
		cells[i] = make([]xlsx.Cell, len(row))
		for j, v := range row {
			if i == 0 {
				cells[i][j] = xlsx.Bold(v)
			} else {
				cells[i][j] = xlsx.Text(v)
			}
		}
	}
	var b bytes.Buffer
	err := xlsx.Write(&b, now, xlsx.Sheet{Name: sheet, Rows: cells, Widths: widths, FreezeRow: 1})
	return b.Bytes(), err
}
