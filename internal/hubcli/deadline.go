package hubcli

import (
	"context"
	"fmt"

	"gongkai/internal/calendar"
)

func init() {
	Register(&Command{
		Name:    "deadline",
		Usage:   "deadline --data DIR --from YYYY-MM-DD --working-days N",
		Summary: "print the date N working days after a receipt date, by the hub's working-day calendar (provisional where it has no year)",
		Run:     runDeadline,
	})
}

func runDeadline(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "deadline", 0)
	fromFlag := c.String("from", "", "the receipt date, YYYY-MM-DD (counting starts the next day)")
	n := c.Int("working-days", 20, "working days to count (20: the reply deadline of Art. 33)")
	var from calendar.Date
	c.Validate(func() (err error) {
		if from, err = calendar.Parse(*fromFlag); err != nil {
			return c.UsageError("--from YYYY-MM-DD is required (e.g. --from 2025-09-26)")
		}
		return nil
	})
	c.Require(func() bool { return *n >= 1 && *n <= 1000 }, "--working-days must be between 1 and 1000")
	_, s, closeAll, err := c.openSubmissions(ctx, args)
	if err != nil {
		return err
	}
	defer closeAll()
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	due, provisional := cal.AddWorkingDays(from, *n)
	fmt.Fprintf(env.Stdout, "%s\n", due)
	if provisional {
		var missing []int
		for y := from.Year; y <= due.Year; y++ {
			if !cal.Knows(y) {
				missing = append(missing, y)
			}
		}
		fmt.Fprintf(env.Stdout, "暂定：中心工作日历没有 %v 年，这些年份只按周一至周五计算；导入该年度日历后以新日期为准\n", missing)
	} else {
		fmt.Fprintf(env.Stdout, "自 %s 次日起第 %d 个工作日（按中心工作日历）\n", from, *n)
	}
	return nil
}
