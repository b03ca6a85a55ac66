package foisqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"gongkai/internal/foi/foisqlite"
	"gongkai/internal/store"
)

// TestUpgradeKeepsRows: a foi.db written before the tables were renamed
// for the shared PostgreSQL database (migration 003) keeps its templates,
// settings and files.
func TestUpgradeKeepsRows(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old := fstest.MapFS{}
	for _, name := range []string{"001_cases.sql", "002_case_data.sql"} {
		b, err := os.ReadFile(filepath.Join("migrations", name))
		if err != nil {
			t.Fatal(err)
		}
		old["migrations/"+name] = &fstest.MapFile{Data: b}
	}
	w, r, err := store.OpenDir(ctx, dir, foisqlite.File, "foi", old)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO templates VALUES ('reply', '答复书', '正文', '2025-10-09T02:00:00Z', 'admin')`,
		`INSERT INTO meta VALUES ('kiosk_cursor', '42')`,
		`INSERT INTO cases (id, year, seq, channel, received, category, applicant_key, stage, clock, search, version)
			VALUES ('2025-00001', 2025, 1, '当面', '2025-10-09', '自然人', 'k', 'registered', 'running', '', 1)`,
		`INSERT INTO files (case_id, name, media_type, size, added, added_by, data)
			VALUES ('2025-00001', '回复.pdf', 'application/pdf', 3, '2025-10-09T02:00:00Z', 'cheng', X'414243')`,
	} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.ClosePair(w, r); err != nil {
		t.Fatal(err)
	}

	st, err := foisqlite.Open(ctx, dir, func() time.Time { return time.Date(2025, 10, 9, 10, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ts, err := st.Templates(ctx); err != nil || len(ts) != 1 || ts[0].Body != "正文" {
		t.Errorf("templates after the upgrade: %+v %v", ts, err)
	}
	if v, err := st.Meta(ctx, "kiosk_cursor"); err != nil || v != "42" {
		t.Errorf("kiosk cursor after the upgrade: %q %v", v, err)
	}
	if f, err := st.File(ctx, "2025-00001", 1); err != nil || string(f.Data) != "ABC" {
		t.Errorf("file after the upgrade: %+v %v", f, err)
	}
}
