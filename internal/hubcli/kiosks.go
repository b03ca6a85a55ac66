package hubcli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"gongkai/internal/catalog"

	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

func init() {
	Register(&Command{
		Name:    "kiosks",
		Usage:   "kiosks --data DIR [--stale DURATION]",
		Summary: "list enrolled kiosks with last contact, catalogue version, the health they report (version, queue, printer, disk), device key fingerprint and what needs attention",
		Run:     runKiosks,
	})
}

func runKiosks(ctx context.Context, env *Env, args []string) error {
	env, flush := escapeOutput(env)
	defer flush()
	var dir string
	fs := flags(env, "kiosks", &dir)
	stale := fs.Duration("stale", hub.DefaultStale, "flag a kiosk not seen for longer than this (e.g. 30m, 2h, 24h)")
	if _, err := parse(fs, env, args, &dir, 0); err != nil {
		return err
	}
	h, err := open(ctx, env, fs)
	if err != nil {
		return err
	}
	defer h.Close()
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
	if flagged > 0 {
		fmt.Fprintf(env.Stdout, "%d 台终端需要处理（超过 %s 未联系中心、打印机缺纸或离线、磁盘不足或提交积压）\n", flagged, hub.Span(*stale))
	}
	return nil
}

