package kioskcli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"gongkai/internal/calendar"
	"gongkai/sync/outbox"
)

func init() {
	Register(&Command{
		Name:    "queue",
		Usage:   "queue --data DIR [--config F] [--json]",
		Summary: "list the submission queue (no personal data: kinds, numbers, dates, upload state)",
		Run:     runQueue,
		Escaped: true,
	})
}

// queueListing is the --json output of `kiosk queue`.
type queueListing struct {
	Stats   queueStats     `json:"stats"`
	Entries []outbox.Entry `json:"entries"`
}

type queueStats struct {
	Queued       int       `json:"queued"`
	Sending      int       `json:"sending"`
	Sent         int       `json:"sent"`
	Failed       int       `json:"failed"`
	Rejected     int       `json:"rejected"`
	OldestUnsent time.Time `json:"oldest_unsent,omitzero"`
	OldestAgeSec int64     `json:"oldest_age_seconds,omitempty"`
	LastError    string    `json:"last_error,omitempty"`
	AuthError    string    `json:"auth_error,omitempty"`
}

// runQueue lists the outbox for staff. The outbox holds nothing personal,
// so neither does this listing.
func runQueue(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "queue", 0)
	asJSON := c.Bool("json", false, "print JSON")
	k, ob, err := c.openOutbox(ctx, args)
	if err != nil {
		return err
	}
	defer k.Close()
	now := c.Now()
	st, err := ob.Stats(ctx, now)
	if err != nil {
		return err
	}
	list, err := ob.List(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if list == nil {
			list = []outbox.Entry{}
		}
		return printJSON(env.Stdout, queueListing{
			Stats: queueStats{Queued: st.Queued, Sending: st.Sending, Sent: st.Sent, Failed: st.Failed, Rejected: st.Rejected,
				OldestUnsent: st.OldestUnsent, OldestAgeSec: int64(st.OldestAge / time.Second), LastError: st.LastError, AuthError: st.AuthError},
			Entries: list,
		})
	}
	fmt.Fprintf(env.Stdout, "待上传 %d（排队 %d，发送中 %d，失败待重试 %d）  已送达 %d  被拒收 %d\n",
		st.Pending(), st.Queued, st.Sending, st.Failed, st.Sent, st.Rejected)
	if !st.OldestUnsent.IsZero() {
		fmt.Fprintf(env.Stdout, "最早未送达：%s（%s 前）\n", beijing(st.OldestUnsent), st.OldestAge.Round(time.Second))
	}
	if st.AuthError != "" {
		fmt.Fprintf(env.Stdout, "警告：中心拒绝本机凭据（%s）：%s\n", beijing(st.AuthErrorAt), st.AuthError)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, "队列为空")
		return nil
	}
	provisional := false
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tKIND\tTRACKING\tRECEIVED\tDEADLINE\tATTEMPTS\tNOTE")
	for _, e := range list {
		num := e.Tracking
		if num == "" && e.Ref != "" {
			num = "→" + e.Ref
		}
		deadline := ""
		if !e.Deadline.IsZero() {
			deadline = e.Deadline.String()
			if e.Provisional {
				deadline += "*"
				provisional = true
			}
		}
		note := e.LastError
		if e.State == outbox.StateFailed && !e.NextTry.IsZero() {
			note = "next " + beijing(e.NextTry) + " " + note
		}
		if e.Status != "" {
			note = e.Status + " " + note
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", e.State, e.Kind, num, beijing(e.Received), deadline, e.Attempts, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if provisional {
		fmt.Fprintln(env.Stdout, "* 期限为暂定：工作日历尚未覆盖该年度，中心下发新年度日历后以中心为准")
	}
	return nil
}

// beijing formats t in the agency's time zone, to the minute.
func beijing(t time.Time) string { return t.In(calendar.Beijing).Format("2006-01-02 15:04") }
