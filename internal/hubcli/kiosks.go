package hubcli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

func init() {
	Register(&Command{
		Name:    "kiosks",
		Usage:   "kiosks --data DIR",
		Summary: "list enrolled kiosks with last contact, catalogue version and device key fingerprint",
		Run:     runKiosks,
	})
}

func runKiosks(ctx context.Context, env *Env, args []string) error {
	env, flush := escapeOutput(env)
	defer flush()
	var dir string
	fs := flags(env, "kiosks", &dir)
	if _, err := parse(fs, env, args, &dir, 0); err != nil {
		return err
	}
	h, err := open(ctx, env, dir)
	if err != nil {
		return err
	}
	defer h.Close()
	ks, err := h.Store.Kiosks(ctx)
	if err != nil {
		return err
	}
	head, err := h.Store.Head(ctx)
	if err != nil {
		return err
	}
	if len(ks) == 0 {
		fmt.Fprintln(env.Stdout, "还没有注册的终端（hub enroll 生成注册码）")
		return nil
	}
	// The device key verifies the kiosk's submissions (USB imports too):
	// sent at enrolment, or registered on a first sync by older kiosks.
	subs, err := hub.OpenSubmissions(ctx, h, hub.SubmissionOptions{})
	if err != nil {
		return err
	}
	defer subs.Close()
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "编号\tID\t名称\t注册时间\t最后联系\t目录版本\t设备公钥指纹\t状态")
	for _, k := range ks {
		state := "正常"
		switch {
		case !k.Revoked.IsZero():
			state = "已停用 " + localTime(k.Revoked)
		case k.Version < head:
			state = fmt.Sprintf("落后 %d", head-k.Version)
		}
		key, err := subs.DeviceKey(ctx, k.ID)
		if err != nil {
			return err
		}
		fp := "未登记"
		if key != nil {
			fp = protocol.FormatFingerprint(protocol.Fingerprint(key))[:19] + "…"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", k.No, k.ID, k.Name, localTime(k.Enrolled), localTime(k.LastSeen), k.Version, fp, state)
	}
	tw.Flush()
	fmt.Fprintf(env.Stdout, "中心目录版本：%d\n", head)
	return nil
}
