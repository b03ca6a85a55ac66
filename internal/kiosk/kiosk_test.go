package kiosk_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/kiosk"
)

func testConfig(t *testing.T) config.Config {
	cfg := config.Default()
	cfg.DataDir = filepath.Join(t.TempDir(), "data")
	return cfg
}

var fixedNow = func() time.Time { return time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC) }

// TestOpenLoadsDemo opens a fresh data directory: it is created private
// and holds the embedded demo catalogue.
func TestOpenLoadsDemo(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t)
	k, err := kiosk.Open(ctx, cfg, kiosk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	fi, err := os.Stat(cfg.DataDir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("data directory mode = %v, %v", fi.Mode(), err)
	}
	st, err := k.Store.State(ctx)
	if err != nil || st.Source != domain.SourceDemo || st.Documents == 0 {
		t.Fatalf("state = %+v, %v", st, err)
	}
	if n := len(k.Notices()); n != 0 {
		t.Errorf("notices on a fresh start: %v", k.Notices())
	}
	// The seed document is there and searchable by its 文号.
	r, err := k.Store.Search(ctx, domain.SearchFilter{Query: "阳教体办发(2021)12号"})
	if err != nil || r.Total == 0 || r.Hits[0].DocNo != "阳教体办发〔2021〕12号" {
		t.Errorf("search for the seed 文号 = %+v, %v", r, err)
	}
	// Opening again does not load it twice.
	k.Close()
	k2, err := kiosk.Open(ctx, cfg, kiosk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer k2.Close()
	st2, _ := k2.Store.State(ctx)
	if st2 != st {
		t.Errorf("state after reopening = %+v, was %+v", st2, st)
	}
}

func TestOpenEnrolledSkipsDemo(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t)
	k, err := kiosk.Open(ctx, cfg, kiosk.Options{NoDemo: true})
	if err != nil {
		t.Fatal(err)
	}
	k.Store.SetMeta(ctx, kiosk.MetaHubURL, "https://hub.example")
	k.Close()
	k, err = kiosk.Open(ctx, cfg, kiosk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if st, _ := k.Store.State(ctx); st.Source != domain.SourceEmpty || st.Documents != 0 {
		t.Errorf("enrolled kiosk got the demo: %+v", st)
	}
}

// TestOpenCorruptDatabase: a damaged database is moved aside with its WAL
// files, the kiosk starts afresh on the demo catalogue, and staff are told.
func TestOpenCorruptDatabase(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t)
	os.MkdirAll(cfg.DataDir, 0o700)
	db := filepath.Join(cfg.DataDir, kiosk.DBName)
	junk := make([]byte, 32<<10)
	rand.Read(junk)
	os.WriteFile(db, junk, 0o600)
	os.WriteFile(db+"-wal", []byte("old wal"), 0o600)
	var logs bytes.Buffer
	k, err := kiosk.Open(ctx, cfg, kiosk.Options{Now: fixedNow, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatalf("Open on a corrupt database: %v", err)
	}
	defer k.Close()
	aside := db + ".corrupt-20261125-093000"
	if got, _ := os.ReadFile(aside); !bytes.Equal(got, junk) {
		t.Error("damaged file not kept aside")
	}
	if got, _ := os.ReadFile(aside + "-wal"); string(got) != "old wal" {
		t.Error("WAL not moved with it")
	}
	if st, _ := k.Store.State(ctx); st.Source != domain.SourceDemo || st.Documents == 0 {
		t.Errorf("not restarted on the demo catalogue: %+v", st)
	}
	notices := k.Notices()
	if len(notices) != 1 || !strings.Contains(notices[0], "损坏") || !strings.Contains(notices[0], "kiosk.db.corrupt-20261125-093000") {
		t.Errorf("notices = %q", notices)
	}
	if !strings.Contains(logs.String(), "damaged") {
		t.Errorf("nothing logged: %s", logs.String())
	}
	// The notice survives a restart until staff dismiss it.
	k.Close()
	k, err = kiosk.Open(ctx, cfg, kiosk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Notices()) != 1 {
		t.Errorf("notice lost on restart: %q", k.Notices())
	}
	k.DismissNotices(ctx)
	k.Close()
	k, _ = kiosk.Open(ctx, cfg, kiosk.Options{})
	defer k.Close()
	if len(k.Notices()) != 0 {
		t.Errorf("dismissed notice came back: %q", k.Notices())
	}
}
