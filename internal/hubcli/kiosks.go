package hubcli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"gongkai/internal/catalog"
	"gongkai/internal/console"

	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

func init() {
	Register(&Command{
		Name:    "kiosks",
		Usage:   "kiosks --data DIR [--stale DURATION] [--handled CALL --by LOGIN]",
		Summary: "list enrolled kiosks with last contact, catalogue version, the health they report (version, queue, printer, disk), device key fingerprint, visitors' open calls for staff and what needs attention; --handled marks a call handled (audited)",
		Run:     runKiosks,
		Escaped: true,
	})
}

func runKiosks(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "kiosks", 0)
	stale := c.Duration("stale", hub.DefaultStale, "flag a kiosk not seen for longer than this (e.g. 30m, 2h, 24h)")
	handled := c.Int64("handled", 0, "mark the visitor's call with this number handled (see the calls listed)")
	by := c.String("by", "", "with --handled: the console login of who handled it, for the audit log")
	c.Require(func() bool { return *handled <= 0 || strings.TrimSpace(*by) != "" }, "--handled needs --by LOGIN (who handled the call)")
	h, err := c.openHub(ctx, args)
	if err != nil {
		return err
	}
	defer h.Close()
	if *handled > 0 {
		return handleCall(ctx, env, c.FlagSet, h, *handled, strings.TrimSpace(*by))
	}
	// The device key verifies the kiosk's submissions (USB imports too):
	// sent at enrolment, or registered on a first sync by older kiosks.
	subs, err := hub.OpenSubmissions(ctx, h, hub.SubmissionOptions{})
	if err != nil {
		return err
	}
	defer subs.Close()
	views, head, err := hub.KioskAdmin{Hub: h, Subs: subs, Stale: *stale}.List(ctx)
	if err != nil {
		return err
	}
	if len(views) == 0 {
		fmt.Fprintln(env.Stdout, "还没有注册的终端（hub enroll 生成注册码）")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "编号\tID\t名称\t注册时间\t最后联系\t目录版本\t软件版本\t待上传\t打印机\t磁盘剩余\t设备公钥指纹\t状态\t需要处理")
	flagged := 0
	for _, k := range views {
		state := "正常"
		switch {
		case !k.Revoked.IsZero():
			state = "已停用 " + localTime(k.Revoked)
		case k.Behind > 0:
			state = fmt.Sprintf("落后 %d", k.Behind)
		}
		fp := "未登记"
		if k.DeviceKeyID != "" {
			fp = protocol.FormatFingerprint(k.DeviceKeyID)[:19] + "…"
		}
		app, queue, prn, disk := "-", "-", "未知", "-"
		if r := k.Report; r != nil {
			app, queue, prn = r.App, fmt.Sprint(r.Queue), hub.PrinterWord(r.Printer)
			if r.FreeDisk > 0 {
				disk = catalog.HumanSize(r.FreeDisk)
			}
		}
		warn := "-"
		if len(k.Warnings) > 0 {
			warn = strings.Join(k.Warnings, "；")
			flagged++
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.No, k.ID, k.Name, localTime(k.Enrolled),
			localTime(k.LastSeen), k.Version, app, queue, prn, disk, fp, state, warn)
	}
	tw.Flush()
	fmt.Fprintf(env.Stdout, "中心目录版本：%d\n", head)
	for _, k := range views {
		if c := k.Call; c != nil {
			fmt.Fprintf(env.Stdout, "呼叫 %d：%s（处理后：hub kiosks --handled %d --by 账号）\n", c.ID, c.Line(time.Local), c.ID)
		}
	}
	if flagged > 0 {
		fmt.Fprintf(env.Stdout, "%d 台终端需要处理（超过 %s 未联系中心、打印机缺纸或离线、磁盘不足或提交积压）\n", flagged, hub.Span(*stale))
	}
	return nil
}

// handleCall marks call id handled by login, in the console's audit log
// as the console's 已处理 button does.
func handleCall(ctx context.Context, env *Env, fs *flag.FlagSet, h *hub.Hub, id int64, login string) error {
	acc, err := openAccounts(ctx, env, fs)
	if err != nil {
		return err
	}
	defer acc.Close()
	c, err := hub.KioskAdmin{Hub: h}.HandleCall(ctx, id, login)
	if errors.Is(err, hub.ErrNotFound) {
		return fmt.Errorf("没有待处理的呼叫 %d（可能已由其他人处理）", id)
	} else if err != nil {
		return err
	}
	if err := acc.Record(ctx, login, console.ActionHandleCall, c.Line(time.Local)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已处理：%s\n", c.Line(time.Local))
	return nil
}
