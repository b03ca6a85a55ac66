package foisqlite_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/foi"
)

func org(name, category string) foi.Applicant {
	return foi.Applicant{Name: name, Category: category, Phone: "0635-6212345"}
}

// TestAnnualReport: cases across three years land in the right cells of
// table 三, every year balances (一 + 二 = 三(七) + 四), and what one year
// carries out the next carries in.
func TestAnnualReport(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		f := newFixture(t, bk, "2024-12-30")
		answer := func(id, outcome, day string) {
			t.Helper()
			f.clock.Set(day)
			f.do(t, registrar, id, foi.Action{Kind: foi.ActReview})
			f.do(t, registrar, id, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: outcome, Decision: "经查", Obtain: "门户网站"}})
			f.do(t, reviewer, id, foi.Action{Kind: foi.ActSignOff})
		}
		a := f.register(t, foi.ChannelInPerson, "", person("张三", ""), "学区划分")
		answer(a.ID, "1", "2025-01-10")
		f.clock.Set("2025-03-03")
		b := f.register(t, foi.ChannelInPerson, "", org("某某科技有限公司", "商业企业"), "招标文件")
		answer(b.ID, "3.4", "2025-03-10")
		f.clock.Set("2025-06-02")
		c := f.register(t, foi.ChannelPost, "2025-06-02", org("某某律师事务所", "法律服务机构"), "处罚决定")
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActCorrect, Unclear: "文号", Days: 1})
		f.clock.Set("2025-06-04")
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActLapse})
		f.do(t, reviewer, c.ID, foi.Action{Kind: foi.ActSignOff})
		f.clock.Set("2025-07-01")
		e := kioskCase(t, f, 3, 1, "2025-07-01") // 自然人
		answer(e.ID, "5.1", "2025-07-02")
		f.clock.Set("2025-08-01")
		f.register(t, foi.ChannelOnline, "2025-08-01", org("某某基金会", "社会公益组织"), "专项资金")
		f.clock.Set("2025-12-29")
		d := f.register(t, foi.ChannelInPerson, "", org("某某研究院", "科研机构"), "监测数据")
		answer(d.ID, "4.1", "2026-01-06")

		type cell struct {
			row, col string
			want     int
		}
		tests := map[int][]cell{
			2024: {{foi.RowNew, "自然人", 1}, {foi.RowNew, "总计", 1}, {foi.RowCarryOut, "自然人", 1}, {foi.RowTotal, "总计", 0}},
			2025: {
				{foi.RowNew, "自然人", 1}, {foi.RowNew, "商业企业", 1}, {foi.RowNew, "科研机构", 1}, {foi.RowNew, "社会公益组织", 1},
				{foi.RowNew, "法律服务机构", 1}, {foi.RowNew, "其他", 0}, {foi.RowNew, "总计", 5},
				{foi.RowCarriedIn, "自然人", 1}, {foi.RowCarriedIn, "总计", 1},
				{"1", "自然人", 1}, {"3.4", "商业企业", 1}, {"5.1", "自然人", 1}, {"6.1", "法律服务机构", 1}, {"4.1", "总计", 0},
				{foi.RowTotal, "自然人", 2}, {foi.RowTotal, "总计", 4},
				{foi.RowCarryOut, "科研机构", 1}, {foi.RowCarryOut, "社会公益组织", 1}, {foi.RowCarryOut, "总计", 2},
			},
			2026: {{foi.RowNew, "总计", 0}, {foi.RowCarriedIn, "总计", 2}, {"4.1", "科研机构", 1}, {foi.RowTotal, "总计", 1},
				{foi.RowCarryOut, "社会公益组织", 1}},
		}
		for year, cells := range tests {
			r, err := f.svc.AnnualReport(ctx, year)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Balanced {
				t.Errorf("%d does not balance", year)
			}
			for _, c := range cells {
				if got := r.Cell(c.row, c.col); got != c.want {
					t.Errorf("%d %s × %s = %d, want %d", year, c.row, c.col, got, c.want)
				}
			}
		}

		r, _ := f.svc.AnnualReport(ctx, 2025)
		csv, err := r.CSV()
		if err != nil {
			t.Fatal(err)
		}
		text := string(csv)
		for _, want := range []string{"\uFEFF2025年度", "一、本年新收政府信息公开申请数量,,1,1,1,1,1,0,5", "（三）不予公开,1.属于国家秘密,0,0",
			",4.保护第三方合法权益,0,1,0,0,0,0,1", "（七）总计,,2,1,0,0,1,0,4", "四、结转下年度继续办理,,0,0,1,1,0,0,2"} {
			if !strings.Contains(text, want) {
				t.Errorf("CSV lacks %q:\n%s", want, text)
			}
		}
		x, err := r.XLSX(time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC))
		if err != nil || !bytes.HasPrefix(x, []byte("PK")) {
			t.Errorf("XLSX: %v", err)
		}
		if _, err := f.svc.AnnualReport(ctx, 1999); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("year 1999: %v", err)
		}
	})
}
