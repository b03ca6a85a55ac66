package foi

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/xlsx"
)

// ReportColumns are the annual table's columns: the six applicant
// categories and 总计.
var ReportColumns = append(append([]string(nil), domain.ApplicantCategories...), "总计")

// Rows of table 三 besides the outcome codes.
const (
	RowNew       = "new"       // 一、本年新收
	RowCarriedIn = "carried"   // 二、上年结转
	RowResults   = "results"   // 三、本年度办理结果 (heading)
	RowTotal     = "total"     // （七）总计
	RowCarryOut  = "carry_out" // 四、结转下年度继续办理
)

// ReportRow is one row of table 三. Key is a Row… constant or an outcome
// code; a heading row (Group) has no numbers.
type ReportRow struct {
	Key    string
	Label  string // as the published table words it
	Group  string // the group heading the row starts, e.g. （三）不予公开; "" if none
	Cells  [7]int // by ReportColumns
	Header bool   // 三、本年度办理结果: no numbers
}

// Report is table 三 of the annual report on 依申请公开 for one year
// (国办公开办函〔2021〕30号): rows 一 to 四 by the six applicant columns.
type Report struct {
	Year int
	Rows []ReportRow
	// Balanced is the table's check, 一 + 二 = 三(七) + 四, in every column.
	Balanced bool
	// Unclassified counts cases whose applicant category is not one of
	// the six (counted under 其他) — data to fix.
	Unclassified int
}

// reportLabels words the rows as the published table does; the outcome
// rows whose wording differs from domain.Outcomes are listed here.
var reportLabels = map[string]string{
	RowNew:       "一、本年新收政府信息公开申请数量",
	RowCarriedIn: "二、上年结转政府信息公开申请数量",
	RowResults:   "三、本年度办理结果",
	RowTotal:     "（七）总计",
	RowCarryOut:  "四、结转下年度继续办理",
	"1":          "（一）予以公开",
	"2":          "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
	"6.1":        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
	"6.2":        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
	"6.3":        "3.其他",
}

var groupLabels = map[string]string{"3": "（三）不予公开", "4": "（四）无法提供", "5": "（五）不予处理", "6": "（六）其他处理"}

// newReport lays out the empty table.
func newReport(year int) *Report {
	r := &Report{Year: year}
	add := func(key string) *ReportRow {
		r.Rows = append(r.Rows, ReportRow{Key: key, Label: reportLabels[key]})
		return &r.Rows[len(r.Rows)-1]
	}
	add(RowNew)
	add(RowCarriedIn)
	add(RowResults).Header = true
	for _, o := range domain.Outcomes {
		row := add(o.Code)
		g, item, sub := strings.Cut(o.Code, ".")
		if row.Label == "" && sub {
			_, text, _ := strings.Cut(o.Label, "：")
			row.Label = item + "." + text
		}
		if item == "1" {
			row.Group = groupLabels[g]
		}
	}
	add(RowTotal)
	add(RowCarryOut)
	return r
}

func (r *Report) row(key string) *ReportRow {
	for i := range r.Rows {
		if r.Rows[i].Key == key {
			return &r.Rows[i]
		}
	}
	return nil
}

// Cell returns the count of row key in column col (one of ReportColumns).
func (r *Report) Cell(key, col string) int {
	row := r.row(key)
	for i, c := range ReportColumns {
		if c == col && row != nil {
			return row.Cells[i]
		}
	}
	return 0
}

// BuildReport counts items into table 三 for year: received in the year
// (一), received before it and not answered before it (二), answered in
// it by outcome (三), and not answered by its end (四). A case counts as
// answered on the day its reply was signed off.
func BuildReport(year int, items []ReportItem) *Report {
	r := newReport(year)
	from := calendar.Date{Year: year, Month: time.January, Day: 1}
	to := calendar.Date{Year: year, Month: time.December, Day: 31}
	colOf := map[string]int{}
	for i, c := range domain.ApplicantCategories {
		colOf[c] = i
	}
	inc := func(key string, col int) {
		if row := r.row(key); row != nil {
			row.Cells[col]++
			row.Cells[6]++
		}
	}
	for _, it := range items {
		if it.Received.After(to) || (!it.Signed.IsZero() && it.Signed.Before(from)) {
			continue
		}
		col, ok := colOf[it.Category]
		if !ok {
			col = colOf[domain.CategoryOther]
			r.Unclassified++
		}
		if it.Received.Before(from) {
			inc(RowCarriedIn, col)
		} else {
			inc(RowNew, col)
		}
		if !it.Signed.IsZero() && !it.Signed.After(to) {
			inc(it.Outcome, col)
			inc(RowTotal, col)
		} else {
			inc(RowCarryOut, col)
		}
	}
	r.Balanced = true
	for c := range ReportColumns {
		if r.row(RowNew).Cells[c]+r.row(RowCarriedIn).Cells[c] != r.row(RowTotal).Cells[c]+r.row(RowCarryOut).Cells[c] {
			r.Balanced = false
		}
	}
	return r
}

// AnnualReport computes table 三 for a year from the register.
func (s *Service) AnnualReport(ctx context.Context, year int) (*Report, error) {
	if year < 2000 || year > 2099 {
		return nil, invalidf("年份 %d 不在 2000 到 2099 之间", year)
	}
	from := calendar.Date{Year: year, Month: time.January, Day: 1}
	to := calendar.Date{Year: year, Month: time.December, Day: 31}
	items, err := s.Store.ReportItems(ctx, from, to)
	if err != nil {
		return nil, err
	}
	return BuildReport(year, items), nil
}

// title is the table's caption.
func (r *Report) title() string {
	return fmt.Sprintf("%d年度 三、收到和处理政府信息公开申请情况", r.Year)
}

// table returns the report as text cells: two header rows (申请人情况,
// then the columns) and one row per table row with its group heading.
func (r *Report) table() [][]string {
	head1 := []string{"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "申请人情况", "", "", "", "", "", ""}
	head2 := []string{"", "", "自然人", "法人或其他组织", "", "", "", "", "总计"}
	head3 := []string{"", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""}
	out := [][]string{head1, head2, head3}
	for _, row := range r.Rows {
		line := make([]string, 9)
		switch {
		case row.Group != "":
			line[0], line[1] = row.Group, row.Label
		case strings.Contains(row.Key, ".") && !strings.HasPrefix(row.Label, "（"):
			line[1] = row.Label
		default:
			line[0] = row.Label
		}
		if !row.Header {
			for i, n := range row.Cells {
				line[2+i] = strconv.Itoa(n)
			}
		}
		out = append(out, line)
	}
	return out
}

// CSV writes the table as CSV (UTF-8 with a byte-order mark, so Excel and
// WPS read the Chinese), with the title on the first line.
func (r *Report) CSV() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.Write([]string{r.title()})
	for _, line := range r.table() {
		w.Write(line)
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// XLSX writes the table as a spreadsheet laid out like the published
// table, merged headings included.
func (r *Report) XLSX(modified time.Time) ([]byte, error) {
	var rows [][]xlsx.Cell
	rows = append(rows, []xlsx.Cell{xlsx.Bold(r.title())})
	for i, line := range r.table() {
		var cells []xlsx.Cell
		for j, s := range line {
			switch {
			case i > 2 && j >= 2 && s != "":
				n, _ := strconv.Atoi(s)
				cells = append(cells, xlsx.Int(n))
			case i < 3:
				cells = append(cells, xlsx.Bold(s))
			default:
				cells = append(cells, xlsx.Text(s))
			}
		}
		rows = append(rows, cells)
	}
	merges := []string{"A1:I1", "A2:B4", "C2:I2", "C3:C4", "D3:H3", "I3:I4"}
	for i, row := range r.Rows {
		ref := i + 5 // 1-based sheet row of this table row
		if row.Group == "" && !strings.Contains(row.Key, ".") {
			merges = append(merges, fmt.Sprintf("A%d:B%d", ref, ref))
		}
		if row.Group != "" {
			n := 0
			g := domain.OutcomeGroup(row.Key)
			for _, o := range domain.Outcomes {
				if domain.OutcomeGroup(o.Code) == g {
					n++
				}
			}
			merges = append(merges, fmt.Sprintf("A%d:A%d", ref, ref+n-1))
		}
	}
	var b bytes.Buffer
	err := xlsx.Write(&b, modified, xlsx.Sheet{Name: fmt.Sprintf("%d年度", r.Year), Rows: rows, Merges: merges,
		Widths: []float64{16, 40, 9, 9, 9, 11, 11, 9, 9}})
	return b.Bytes(), err
}
