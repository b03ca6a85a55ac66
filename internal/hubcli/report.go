package hubcli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"gongkai/internal/foi/foihub"
)

func init() {
	Register(&Command{
		Name:    "report",
		Usage:   "report --data DIR --year N [--format csv|xlsx] [--out FILE]",
		Summary: "the annual report's table 三 (依申请公开 received and handled, by applicant column) from the case register",
		Run:     runReport,
	})
}

func runReport(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "report", 0)
	year := c.Int("year", 0, "the report year (required)")
	format := c.String("format", "csv", "csv or xlsx")
	out := c.String("out", "", "write to FILE instead of standard output (xlsx is binary)")
	c.Require(func() bool {
		f := strings.ToLower(*format)
		return *year != 0 && (f == "csv" || f == "xlsx")
	}, "--year N is required and --format is csv or xlsx")
	h, subs, closeAll, err := c.openSubmissions(ctx, args)
	if err != nil {
		return err
	}
	defer closeAll()
	reg, closeReg, err := foihub.Open(ctx, h, subs)
	if err != nil {
		return err
	}
	defer closeReg()
	// Count what the kiosks sent too, even if nobody opened the register yet.
	if _, err := reg.ImportKiosk(ctx); err != nil {
		return plainError(err)
	}
	r, err := reg.AnnualReport(ctx, *year)
	if err != nil {
		return plainError(err)
	}
	var b []byte
	if strings.ToLower(*format) == "xlsx" {
		b, err = r.XLSX(env.Now())
	} else {
		b, err = r.CSV()
	}
	if err != nil {
		return err
	}
	if !r.Balanced {
		fmt.Fprintln(env.Stderr, "警告：本年新收 + 上年结转 ≠ 办理结果总计 + 结转下年度，请检查台账数据")
	}
	if r.Unclassified > 0 {
		fmt.Fprintf(env.Stderr, "警告：%d 件申请的申请人类别不在六类之内，已计入“其他”\n", r.Unclassified)
	}
	if *out != "" {
		return os.WriteFile(*out, b, 0o644)
	}
	_, err = env.Stdout.Write(b)
	return err
}
