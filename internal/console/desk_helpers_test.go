package console_test

import (
	"context"
	"testing"
	"time"

	"gongkai/assets"
	"gongkai/internal/accounts"
	"gongkai/internal/catalog"
	"gongkai/internal/console"
	"gongkai/internal/publish"
	"gongkai/internal/publish/pubhub"
	"gongkai/internal/publish/pubsqlite"
	"gongkai/sync/hub"
)

// newDesk makes a hub with the demo catalogue in dir (its stores in the
// PostgreSQL database at databaseURL when it is not "") and the publishing
// desk over it, auditing into acc.
func newDesk(t *testing.T, dir string, now func() time.Time, acc *accounts.Store, databaseURL string) (*hub.Hub, *publish.Service) {
	t.Helper()
	ctx := context.Background()
	h, err := hub.Init(ctx, dir, hub.Options{Now: now, DatabaseURL: databaseURL})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	set, _, err := catalog.Load(assets.DemoCatalog(), catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Import(ctx, set, assets.DemoCatalog(), hub.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	st, err := pubsqlite.OpenStore(ctx, dir, h.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	subs, err := hub.OpenSubmissions(ctx, h, hub.SubmissionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { subs.Close() })
	return h, &publish.Service{Catalogue: pubhub.Catalogue{Hub: h}, Store: st, Inbox: pubhub.Inbox{Subs: subs}, Seats: pubhub.Seats{Subs: subs}, Now: now,
		Audit: console.PublishAuditor{Accounts: acc}}
}
