package kioskcli

import (
	"context"
	"fmt"
	"io"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

func init() {
	Register(&Command{
		Name:    "status",
		Usage:   "status --data DIR [--config F] [--json] TRACKING CODE",
		Summary: "show what the 办理进度查询 screen shows for a tracking number and its verification code (no personal data)",
		Run:     runStatus,
		Escaped: true,
	})
}

// statusView is the --json output of `kiosk status`: the screen's content.
type statusView struct {
	outbox.Status
	KindLabel    string    `json:"kind_label"`
	QueueLabel   string    `json:"queue_label"`
	StateLabel   string    `json:"state_label"`
	OutcomeLabel string    `json:"outcome_label,omitempty"`
	EventTitle   string    `json:"event_title,omitempty"`
	EventStart   time.Time `json:"event_start,omitzero"`
	EventPlace   string    `json:"event_place,omitempty"`
}

func runStatus(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "status", 2)
	asJSON := c.Bool("json", false, "print JSON")
	v, err := lookupStatus(ctx, c, args)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(env.Stdout, v)
	}
	printStatus(env.Stdout, v)
	return nil
}

// lookupStatus parses args (TRACKING CODE), opens the outbox and reads
// what the 办理进度查询 screen shows for them: the status with its labels
// and, for a sign-up, its event.
func lookupStatus(ctx context.Context, c *call, args []string) (statusView, error) {
	k, ob, err := c.openOutbox(ctx, args)
	if err != nil {
		return statusView{}, err
	}
	defer k.Close()
	st, err := ob.Lookup(ctx, c.Pos[0], c.Pos[1])
	if err != nil {
		return statusView{}, plain(err)
	}
	v := statusView{Status: st, KindLabel: protocol.KindName(st.Kind), QueueLabel: queueLabel(st.Queue),
		StateLabel: stateLabel(st), OutcomeLabel: domain.OutcomeLabel(st.Outcome)}
	if st.EventID == "" {
		return v, nil
	}
	events, err := k.Store.Events(ctx)
	if err != nil {
		return statusView{}, err
	}
	for _, e := range events {
		if e.ID == st.EventID {
			v.EventTitle, v.EventStart, v.EventPlace = e.Title, e.Start, e.Place
		}
	}
	return v, nil
}

func printStatus(w io.Writer, v statusView) {
	fmt.Fprintf(w, "受理编号：%s\n", v.Tracking)
	fmt.Fprintf(w, "事项：%s\n", v.KindLabel)
	fmt.Fprintf(w, "提交时间：%s\n", beijing(v.Received))
	fmt.Fprintf(w, "办理状态：%s\n", v.StateLabel)
	if v.Outcome != "" {
		fmt.Fprintf(w, "办理结果：%s\n", v.OutcomeLabel)
	}
	if !v.Deadline.IsZero() {
		note := ""
		if v.Provisional {
			note = "（暂定）工作日历尚未覆盖该期间，以中心通知为准"
		}
		fmt.Fprintf(w, "答复期限：%s%s\n", v.Deadline.Time(calendar.Beijing).Format("2006年1月2日"), note)
	}
	if v.EventID != "" {
		title := v.EventTitle
		if title == "" {
			title = v.EventID
		}
		fmt.Fprintf(w, "活动：%s\n", title)
		if !v.EventStart.IsZero() {
			fmt.Fprintf(w, "活动时间：%s\n", beijing(v.EventStart))
		}
		if v.EventPlace != "" {
			fmt.Fprintf(w, "地点：%s\n", v.EventPlace)
		}
	}
	if v.Note != "" {
		fmt.Fprintf(w, "说明：%s\n", v.Note)
	}
	if !v.Updated.IsZero() {
		fmt.Fprintf(w, "状态更新：%s\n", beijing(v.Updated))
	}
	fmt.Fprintf(w, "上传情况：%s\n", v.QueueLabel)
}

func queueLabel(q string) string {
	switch q {
	case outbox.StateSent:
		return "已送达信息公开中心"
	case outbox.StateQueued, outbox.StateSending:
		return "已在本机安全保存，等待上传到中心"
	case outbox.StateFailed:
		return "已在本机安全保存，上传暂未成功，将自动重试"
	case outbox.StateRejected:
		return "中心未能接收，请联系工作人员"
	}
	return q
}

// stateLabel is the status line: the hub's word when it has spoken, else
// what the kiosk knows.
func stateLabel(st outbox.Status) string {
	if st.State != "" {
		return st.State
	}
	switch {
	case st.Kind == protocol.KindSignup && st.SeatState == protocol.SeatConfirmed:
		return protocol.StatusConfirmed
	case st.Kind == protocol.KindSignup && st.SeatState == protocol.SeatWaitlist:
		return protocol.StatusWaitlist + "（有名额空出时按报名先后依次转为确认）"
	case st.Queue == outbox.StateSent:
		return "中心已收到，等待办理"
	}
	return "已提交，等待中心受理"
}
