package hubcli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/foi/foisqlite"
	"gongkai/sync/hub"
)

func init() {
	var codes strings.Builder
	for _, o := range domain.Outcomes {
		fmt.Fprintf(&codes, "\n        %-4s %s", o.Code, o.Label)
	}
	Register(&Command{
		Name: "set-status",
		Usage: "set-status --data DIR TRACKING STATUS [--outcome CODE] [--note TEXT] [--from YYYY-MM-DD] [--working-days N]\n" +
			"      applications: 已受理 | 需补正 (deadline restarts from --from, default today) | 已延期 (once, +N≤20 working days) |\n" +
			"      已答复 --outcome CODE | 已办结; feedback: 已受理 | 已答复 | 已办结; sign-ups: 已确认 | 候补 | 已取消\n" +
			"      outcome codes (annual report table):" + codes.String(),
		Summary: "record progress on a submission; it reaches the kiosk that issued the number at its next sync",
		Run:     runSetStatus,
	})
}

func runSetStatus(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "set-status", 2)
	outcome := c.String("outcome", "", "已答复: the outcome code from the annual report table (e.g. 1 予以公开, 3.4, 6.3)")
	note := c.String("note", "", "a short note shown with the status (no personal data: the status page is public to the code holder)")
	from := c.String("from", "", "需补正: the day the corrected application was received (YYYY-MM-DD; default today)")
	days := c.Int("working-days", 0, "已延期: working days to add to the deadline in force (1-20; default 20)")
	var ch hub.StatusChange
	c.Validate(func() (err error) {
		ch = hub.StatusChange{State: strings.TrimSpace(c.Pos[1]), Outcome: strings.TrimSpace(*outcome), Note: *note, WorkingDays: *days}
		if *from != "" {
			if ch.From, err = calendar.Parse(*from); err != nil {
				return fmt.Errorf("--from %q: 日期格式应为 YYYY-MM-DD", *from)
			}
		}
		return nil
	})
	h, s, closeAll, err := c.openSubmissions(ctx, args)
	if err != nil {
		return err
	}
	defer closeAll()
	if id, ok, err := inRegister(ctx, env, h, c.Pos[0]); err != nil {
		return err
	} else if ok {
		return fmt.Errorf("受理编号 %s 已登记为依申请公开案件 %s，须在管理控制台按办理流程操作（补正、延期、答复等由台账按《条例》核对），不能用 set-status 修改", c.Pos[0], id)
	}
	st, err := s.SetStatus(ctx, c.Pos[0], ch)
	if err != nil {
		return plainError(err)
	}
	line := fmt.Sprintf("%s：%s", c.Pos[0], st.State)
	if st.Outcome != "" {
		line += "（" + st.Outcome + " " + domain.OutcomeLabel(st.Outcome) + "）"
	}
	if !st.Deadline.IsZero() {
		line += "，答复期限 " + st.Deadline.String() + provisionalMark(st.Provisional)
	}
	fmt.Fprintln(env.Stdout, line)
	return nil
}

// plainError keeps only the Chinese message of a *domain.Error.
func plainError(err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return errors.New(de.Message)
	}
	return err
}

// inRegister reports whether the case register of h (foi.db, or the
// hub's PostgreSQL database) holds the application with tracking number
// trk, and its register number. Such a case changes only through the
// register's rules, whoever asks.
func inRegister(ctx context.Context, env *Env, h *hub.Hub, trk string) (string, bool, error) {
	if _, err := os.Stat(filepath.Join(h.Dir, foisqlite.File)); h.DatabaseURL == "" && errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	st, err := foisqlite.OpenStore(ctx, h.Dir, h.DatabaseURL, env.Now)
	if err != nil {
		return "", false, err
	}
	defer st.Close()
	c, err := st.Case(ctx, trk)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return "", false, nil
	} else if err != nil {
		return "", false, err
	}
	return c.ID, c.Tracking != "", nil
}
