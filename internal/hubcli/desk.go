package hubcli

import (
	"context"
	"net"
	"net/netip"
	"strings"

	"gongkai/internal/accounts"
	"gongkai/internal/console"
	"gongkai/internal/publish"
	"gongkai/internal/publish/pubhub"
	"gongkai/internal/publish/pubsqlite"
	"gongkai/sync/hub"
)

// openDesk opens the publishing desk behind the console (publish.db in the
// hub's data directory, or the hub's PostgreSQL database), auditing into
// the console's log.
func openDesk(ctx context.Context, env *Env, h *hub.Hub, subs *hub.Submissions, acc *accounts.Store) (*publish.Service, func(), error) {
	st, err := pubsqlite.OpenStore(ctx, h.Dir, h.DatabaseURL)
	if err != nil {
		return nil, nil, err
	}
	svc := &publish.Service{Catalogue: pubhub.Catalogue{Hub: h}, Store: st, Inbox: pubhub.Inbox{Subs: subs}, Seats: pubhub.Seats{Subs: subs}, Now: env.Now,
		Audit: console.PublishAuditor{Accounts: acc}}
	return svc, func() { st.Close() }, nil
}

// kioskAPIURL is the kiosk API's address for enrolment commands: the one
// given, else the listener's when it names a host (not 0.0.0.0 or ::).
func kioskAPIURL(given string, ln net.Addr) string {
	if given != "" {
		return strings.TrimRight(given, "/")
	}
	ap, err := netip.ParseAddrPort(ln.String())
	if err != nil || ap.Addr().IsUnspecified() {
		return ""
	}
	return "http://" + ln.String()
}
