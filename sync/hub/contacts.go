package hub

import (
	"context"
	"time"

	"gongkai/sync/protocol"
)

// KioskContact is what a kiosk's request tells the hub of it: the
// catalogue version it reported (with Seen: its last contact) and its
// health report, each with the time it came.
type KioskContact struct {
	ID         string
	Seen       bool
	Version    int64
	SeenAt     time.Time
	Report     *protocol.KioskReport // nil: none to record
	ReportedAt time.Time
}

// contactWriter is a Store that records many kiosks' contacts in one
// statement: a thousand kiosks starting their syncs together cost the
// database a few writes, not a commit each.
type contactWriter interface {
	WriteContacts(ctx context.Context, cs []KioskContact) error
}

// writeContacts records cs in st, at once where st can.
func writeContacts(ctx context.Context, st Store, cs []KioskContact) error {
	if w, ok := st.(contactWriter); ok {
		return w.WriteContacts(ctx, cs)
	}
	for _, c := range cs {
		if c.Seen {
			if err := st.Seen(ctx, c.ID, c.Version, c.SeenAt); err != nil {
				return err
			}
		}
		if c.Report != nil {
			if err := st.Report(ctx, c.ID, *c.Report, c.ReportedAt); err != nil {
				return err
			}
		}
	}
	return nil
}

// laterContact is what two contacts of one kiosk in one write leave: the
// later of each part.
func laterContact(before, now KioskContact) KioskContact {
	if now.Seen {
		before.Seen, before.Version, before.SeenAt = true, now.Version, now.SeenAt
	}
	if now.Report != nil {
		before.Report, before.ReportedAt = now.Report, now.ReportedAt
	}
	return before
}
