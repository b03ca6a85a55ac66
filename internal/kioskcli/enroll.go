package kioskcli

import (
	"context"
	"crypto/ed25519"
	"flag"
	"fmt"

	"gongkai/sync/client"
	"gongkai/sync/protocol"
)

func init() {
	Register(&Command{
		Name: "enroll",
		Usage: "enroll --data DIR --hub URL --code CODE [--force]\n" +
			"      kiosk enroll --data DIR --sign-key KEY [--age-recipient AGE1…] [--force]   (USB-only kiosk: pin the key from `hub keys`)",
		Summary: "enrol this kiosk with the hub and pin the hub's signing key (compare the fingerprint with `hub keys`)",
		Run:     runEnroll,
	})
}

func runEnroll(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "enroll", flagsOnly)
	hubURL := c.String("hub", "", "the hub's URL, e.g. http://hub.example:8440")
	code := c.String("code", "", "the one-time code from `hub enroll`")
	signKey := c.String("sign-key", "", "without --hub: the hub's public signing key from `hub keys`, for a kiosk fed by USB bundles only")
	ageRecipient := c.String("age-recipient", "", "with --sign-key: the hub's age recipient from `hub keys`")
	force := c.Bool("force", false, "re-enrol with a hub whose key differs from the pinned one (its catalogue replaces this kiosk's)")
	c.Require(func() bool {
		return *hubURL != "" && *code != "" && *signKey == "" || *hubURL == "" && *code == "" && *signKey != ""
	}, "give --hub URL and --code CODE, or (for a USB-only kiosk) --sign-key KEY")
	k, err := c.openKiosk(ctx, args)
	if err != nil {
		return err
	}
	defer k.Close()
	online := *hubURL != ""
	cat := client.NewStoreCatalogue(k.Store)
	cl := client.New(k.DataDir, cat, client.Options{Now: c.Now})
	var h *client.Hub
	if online {
		h, err = cl.Enroll(ctx, *hubURL, *code, *force)
	} else {
		h, err = cl.PinHub(ctx, *signKey, *ageRecipient, *force)
	}
	if err != nil {
		return syncError(err)
	}
	if online {
		fmt.Fprintf(env.Stdout, "已注册到目录中心 %s：终端编号 %d（%s，%s）\n", h.URL, h.KioskNo, h.KioskName, h.KioskID)
	} else {
		fmt.Fprintln(env.Stdout, "已固定目录中心的签名公钥（仅用 U 盘目录包同步）")
	}
	fmt.Fprintf(env.Stdout, "中心公钥指纹：%s\n请与中心 `hub keys` 显示的指纹逐组核对；不一致时不要使用本机。\n", protocol.FormatFingerprint(h.KeyID))
	if online {
		// Staff compare this with `hub kiosks`; a kiosk whose key the hub
		// holds can have its USB exports verified even before any sync.
		key, err := cl.DeviceKey()
		if err != nil {
			return syncError(err)
		}
		id := protocol.Fingerprint(key.Public().(ed25519.PublicKey))
		fmt.Fprintf(env.Stdout, "本机设备公钥指纹：%s…\n", protocol.FormatFingerprint(id)[:19])
		if v, _ := cat.Meta(ctx, client.MetaDeviceKeyRegistered); v == id {
			fmt.Fprintln(env.Stdout, "目录中心已登记本机设备公钥：即使尚未同步，U 盘导出的提交也能在中心核验。")
		} else {
			fmt.Fprintln(env.Stdout, "目录中心未随注册登记本机设备公钥（中心版本较旧）：请先联网运行一次 kiosk sync，再用 U 盘导出提交。")
		}
		fmt.Fprintln(env.Stdout, "运行 kiosk sync 立即同步目录，或等待后台自动同步。")
	}
	return nil
}

// parseSyncFlags parses a subcommand's flags that takes no arguments.
func parseSyncFlags(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return ErrUsage
	}
	return nil
}

// syncError puts the plain-Chinese reason first for staff, then the
// detail for whoever reads logs.
func syncError(err error) error {
	return fmt.Errorf("%s（%v）", client.Problem(err), err)
}
