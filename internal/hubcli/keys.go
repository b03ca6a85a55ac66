package hubcli

import (
	"context"
	"fmt"

	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

func init() {
	Register(&Command{
		Name:    "keys",
		Usage:   "keys --data DIR",
		Summary: "print the public signing key, its fingerprint (compare with `kiosk enroll`) and the age recipient",
		Run:     runKeys,
	})
}

func runKeys(ctx context.Context, env *Env, args []string) error {
	h, err := newCall(env, "keys", 0).openHub(ctx, args)
	if err != nil {
		return err
	}
	defer h.Close()
	printKeys(env, h)
	return nil
}

func printKeys(env *Env, h *hub.Hub) {
	fmt.Fprintf(env.Stdout, "签名公钥 (Ed25519):  %s\n", protocol.EncodePublicKey(h.Keys.SignPublic()))
	fmt.Fprintf(env.Stdout, "公钥指纹:            %s\n", protocol.FormatFingerprint(h.Keys.KeyID()))
	fmt.Fprintf(env.Stdout, "age 接收方:          %s\n", h.Keys.AgeRecipient())
}
