package hubcli

import (
	"context"
	"log/slog"
	"strings"
	"time"
	"unicode"

	"gongkai/internal/accounts"
	"gongkai/internal/freetext"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

// republishEvery is how often `hub serve` publishes the kiosks' staff
// list again, so a change the console saved but could not publish (the
// hub database busy, a crash in between) still reaches the kiosks.
const republishEvery = time.Minute

// kioskStaffPublisher returns the function that publishes the console's
// 前台 accounts with a kiosk PIN to the kiosks through the signed sync
// (hub.PublishStaff): 工号, display name and PIN hash, or disabled. It is
// called at start, after every account change in the console and every
// republishEvery; an unchanged list writes nothing. One publish runs at a
// time across every hub process sharing the accounts (WithKioskStaff), so
// a process publishing a list read before a change cannot land after the
// process that published the change.
func kioskStaffPublisher(acc *accounts.Store, h *hub.Hub) func(context.Context) error {
	return func(ctx context.Context) error {
		return acc.WithKioskStaff(ctx, func(list []accounts.KioskStaff) error {
			members := make([]protocol.StaffMember, len(list))
			for i, k := range list {
				members[i] = protocol.StaffMember{ID: k.StaffNo, Name: kioskName(k.Name), PINHash: k.PINHash, Disabled: k.Disabled}
			}
			_, err := h.PublishStaff(ctx, members)
			return err
		})
	}
}

// kioskName is a display name as the kiosks accept it: normalised, without
// control characters, at most protocol.MaxStaffName characters.
func kioskName(name string) string {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, freetext.Normalize(name, false))
	if r := []rune(name); len(r) > protocol.MaxStaffName {
		name = string(r[:protocol.MaxStaffName])
	}
	return name
}

// republish publishes every republishEvery until ctx is done.
func republish(ctx context.Context, publish func(context.Context) error, log *slog.Logger) error {
	t := time.NewTicker(republishEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := publish(ctx); err != nil && ctx.Err() == nil {
				log.Error("publish kiosk staff", "err", err)
			}
		}
	}
}
