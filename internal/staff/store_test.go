package staff_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/staff"
	"gongkai/internal/store"
)

// TestWithKioskStore runs staff mode on the kiosk's own store, as the app
// does: the PIN hash and lockout in its meta table survive reopening the
// file, and the audit log shares the file with the catalogue.
func TestWithKioskStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local)
	clock := func() time.Time { return now }
	open := func() (*store.Store, *staff.Staff) {
		st, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		s, err := staff.Open(ctx, st.DB(), st, staff.Options{Now: clock, Params: staff.Params{Memory: 8 * 1024, Time: 1, Threads: 1}})
		if err != nil {
			t.Fatal(err)
		}
		return st, s
	}

	st, s := open()
	if err := s.SetPIN(ctx, "246810"); err != nil {
		t.Fatal(err)
	}
	hash, err := st.Meta(ctx, "staff.pin_hash")
	if err != nil || !strings.HasPrefix(hash, "$argon2id$v=19$") {
		t.Fatalf("meta staff.pin_hash = %q, %v", hash, err)
	}
	for i := 0; i < staff.DefaultMaxFailures; i++ {
		s.Login(ctx, "0123", "135790")
	}
	st.Close()

	_, s = open()
	_, err = s.Login(ctx, "0123", "246810")
	if msg := domain.ErrorMessage(err); msg != "密码错误次数过多，请 5 分钟后再试" {
		t.Fatalf("after reopening the store: %q, want still locked", msg)
	}
	now = now.Add(staff.DefaultLockout)
	if _, err := s.Login(ctx, "0123", "246810"); err != nil {
		t.Fatal(err)
	}
	entries, err := s.Recent(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(entries), 1+5+1+1; got != want { // set PIN, 5 failures, lock, login
		t.Errorf("%d audit entries, want %d", got, want)
	}
	if err := s.VerifyChain(ctx); err != nil {
		t.Error(err)
	}
}
