package hubcli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/pgdb/pgtest"
	"gongkai/internal/publish"
	"gongkai/internal/publish/pubsqlite"
	"gongkai/sync/hub"
)

// TestCommandsOnPostgres: `hub init --db URL` puts every store of the hub
// in PostgreSQL and later commands find it; a second hub process (its own
// copy of the data directory's keys, database_url in its config) works on
// the same catalogue; init on that database again is refused.
func TestCommandsOnPostgres(t *testing.T) {
	url := pgtest.URL(t)
	data := filepath.Join(t.TempDir(), "hub")
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"init", "--data", data, "--db", "/tmp/hub.db"}, 1, ""},
		{[]string{"init", "--data", data, "--db", url}, 0, "age1"},
		{[]string{"import", "--data", data, copyDemo(t)}, 0, "导入完成"},
		{[]string{"enroll", "--data", data, "--name", "一楼大厅"}, 0, "注册码"},
		{[]string{"kiosks", "--data", data}, 0, "还没有注册的终端"},
		{[]string{"backup", "--data", data, "--out", filepath.Join(t.TempDir(), "b.tar")}, 1, "pg_dump"},
		{[]string{"init", "--data", filepath.Join(t.TempDir(), "again"), "--db", url}, 1, "already holds a hub"},
	}
	for _, s := range steps {
		code, out, errs := run(t, s.args...)
		if code != s.code || !strings.Contains(out+errs, s.want) {
			t.Fatalf("hub %s = %d, want %d with %q:\n%s%s", strings.Join(s.args, " "), code, s.code, s.want, out, errs)
		}
	}
	for _, name := range []string{"hub.db", "submissions.db"} {
		if _, err := os.Stat(filepath.Join(data, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a PostgreSQL hub has %s: %v", name, err)
		}
	}
	want := head(t, data)
	if want == 0 {
		t.Fatal("the import left the catalogue empty")
	}

	// The second process: the keys copied, the database from its config.
	second := t.TempDir()
	for _, name := range []string{hub.SignKeyFile, hub.AgeKeyFile} {
		b, err := os.ReadFile(filepath.Join(data, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(second, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg := writeConfig(t, "data = \""+second+"\"\ndatabase_url = \""+url+"\"\n")
	if code, out, errs := run(t, "kiosks", "--config", cfg); code != 0 || !strings.Contains(out, "还没有注册的终端") {
		t.Fatalf("kiosks in the second process: %d %s %s", code, out, errs)
	}
	// The commands opening through call.openHub and call.openAccounts take it from there too:
	// without it the second directory (no hub.db) holds no hub.
	for _, args := range [][]string{{"keys", "--config", cfg}, {"user", "list", "--config", cfg}, {"audit", "list", "--config", cfg}} {
		if code, out, errs := run(t, args...); code != 0 {
			t.Errorf("hub %s in the second process: %d %s %s", strings.Join(args, " "), code, out, errs)
		}
	}
	for _, name := range []string{"hub.db", "submissions.db", "console.db"} {
		if _, err := os.Stat(filepath.Join(second, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the second process of a PostgreSQL hub made %s: %v", name, err)
		}
	}
	h, err := hub.Open(context.Background(), second, hub.Options{DatabaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if got, err := h.Store.Head(context.Background()); err != nil || got != want {
		t.Errorf("the second process sees version %d (%v), the first %d", got, err, want)
	}

	// The case register is in the database too: a case each process
	// registers is in the other's annual report, and neither made foi.db.
	registerCase(t, openHub(t, data), "某某律师事务所")
	h2, err := hub.Open(context.Background(), second, hub.Options{Now: testClock, DatabaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	registerCase(t, h2, "某某咨询公司")
	for _, args := range [][]string{{"report", "--data", data, "--year", "2026"}, {"report", "--config", cfg, "--year", "2026"}} {
		code, out, errs := run(t, args...)
		if code != 0 || !strings.Contains(out, "一、本年新收政府信息公开申请数量,,0,0,0,0,2,0,2") {
			t.Errorf("hub %s does not count both processes' cases: %d\n%s%s", strings.Join(args, " "), code, out, errs)
		}
	}
	// So are the desk's records: the documents the import held back.
	heldOnDesk(t, second, url, 2)
	for _, d := range []string{data, second} {
		for _, name := range []string{"foi.db", "publish.db"} {
			if _, err := os.Stat(filepath.Join(d, name)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a PostgreSQL hub made %s: %v", filepath.Join(d, name), err)
			}
		}
	}
}

// heldOnDesk checks that the publishing desk of the hub in dir (in the
// database at url when it is not "") holds want documents held back from
// the kiosks.
func heldOnDesk(t *testing.T, dir, url string, want int) {
	t.Helper()
	ctx := context.Background()
	st, err := pubsqlite.OpenStore(ctx, dir, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	drafts, err := st.Drafts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(drafts) != want || want > 0 && drafts[0].State != publish.DraftHeld {
		t.Errorf("held on the desk: %+v, want %d", drafts, want)
	}
}

// TestMigrateStore: `hub migrate-store` moves a SQLite hub into an empty
// PostgreSQL database (catalogue, kiosks, accounts) and the data
// directory uses the database from then on; it refuses to run twice.
func TestMigrateStore(t *testing.T) {
	url := pgtest.URL(t)
	data := filepath.Join(t.TempDir(), "hub")
	for _, s := range []struct {
		stdin string
		args  []string
	}{
		{"", []string{"init", "--data", data}},
		{"", []string{"import", "--data", data, copyDemo(t)}},
		{"", []string{"enroll", "--data", data, "--name", "一楼大厅"}},
		{"north-gate-2026\n", []string{"user", "add", "--data", data, "--login", "admin", "--role", "管理员", "--name", "王管理"}},
	} {
		if code, out, errs := runIn(t, s.stdin, s.args...); code != 0 {
			t.Fatalf("hub %s: %s%s", strings.Join(s.args, " "), out, errs)
		}
	}
	registerCase(t, openHub(t, data), "某某律师事务所")
	want := head(t, data)
	if code, _, errs := run(t, "migrate-store", "--from", "sqlite", data); code != 2 || !strings.Contains(errs, "--to") {
		t.Errorf("migrate-store without --to: %d %s", code, errs)
	}
	code, out, errs := run(t, "migrate-store", "--from", "sqlite", data, "--to", url)
	if code != 0 || !strings.Contains(out, "迁移完成") || !strings.Contains(out, "账号 1") || !strings.Contains(out, "依申请公开案件 1") || !strings.Contains(out, "发布台记录 2") {
		t.Fatalf("migrate-store: %d %s%s", code, out, errs)
	}
	h, err := hub.Open(context.Background(), data, hub.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if got, err := h.Store.Head(context.Background()); h.DatabaseURL != url || err != nil || got != want {
		t.Errorf("after the move the hub is at %q, version %d (%v), want %d", h.DatabaseURL, got, err, want)
	}
	if code, out, errs := run(t, "user", "list", "--data", data); code != 0 || !strings.Contains(out, "王管理") {
		t.Errorf("user list after the move: %d %s%s", code, out, errs)
	}
	// The register moved: the report reads the case from PostgreSQL even
	// with foi.db gone.
	if err := os.Rename(filepath.Join(data, "foi.db"), filepath.Join(data, "foi.db.old")); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, "report", "--data", data, "--year", "2026"); code != 0 ||
		!strings.Contains(out, "一、本年新收政府信息公开申请数量,,0,0,0,0,1,0,1") {
		t.Errorf("report after the move: %d %s%s", code, out, errs)
	}
	heldOnDesk(t, "", url, 2)
	if code, _, errs := run(t, "migrate-store", "--from", "sqlite", "--data", data, "--to", url); code != 1 || !strings.Contains(errs, "already") {
		t.Errorf("a second migrate-store: %d %s", code, errs)
	}
}

// TestMigrateStoreRerunAfterACut: a `hub migrate-store` cut off halfway
// (here: after the catalogue and the submissions were copied, before the
// accounts) is finished by running the command again: it ends with
// exactly the hub's catalogue (its digest, enrolment codes) and accounts, and
// the data directory uses the database. A database holding another
// hub's data is refused with its reason, and left as it was.
func TestMigrateStoreRerunAfterACut(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	data := newDemoHub(t)
	mustRun(t, "enroll", "--data", data, "--name", "一楼大厅")
	if code, out, errs := runIn(t, "north-gate-2026\n", "user", "add", "--data", data, "--login", "admin", "--role", "管理员", "--name", "王管理"); code != 0 {
		t.Fatalf("user add: %s%s", out, errs)
	}
	h := openHub(t, data)
	want, err := h.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	counts := map[string]int64{}
	if err := copyStores(ctx, "catalogue", data, url, counts, hub.OpenSQLite, hub.OpenPG, hub.CopyStore); err != nil {
		t.Fatal(err)
	}
	if err := copyStores(ctx, "submissions", data, url, counts, hub.OpenSQLiteSubmissions, hub.OpenPGSubmissions, hub.CopySubmissions); err != nil {
		t.Fatal(err)
	}

	code, out, errs := run(t, "migrate-store", "--from", "sqlite", data, "--to", url)
	if code != 0 || !strings.Contains(out, "迁移完成") || !strings.Contains(out, fmt.Sprintf("目录对象 %d、", counts["objects"])) ||
		!strings.Contains(out, "账号 1") {
		t.Fatalf("migrate-store run again: %d %s%s", code, out, errs)
	}
	moved := openHub(t, data)
	defer moved.Close()
	if got, err := moved.Digest(ctx); moved.DatabaseURL != url || err != nil || got != want {
		t.Errorf("after the rerun the hub is at %q with digest %s (%v), want %s", moved.DatabaseURL, got, err, want)
	}
	if code, out, errs := run(t, "user", "list", "--data", data); code != 0 || strings.Count(out, "王管理") != 1 {
		t.Errorf("user list after the rerun: %d %s%s", code, out, errs)
	}

	// Another hub's database: refused, nothing of it changed.
	other := newDemoHub(t)
	mustRun(t, "enroll", "--data", other, "--name", "二楼")
	code, out, errs = run(t, "migrate-store", "--from", "sqlite", other, "--to", url)
	if code != 1 || !strings.Contains(errs, "not this hub's") {
		t.Errorf("migrate-store onto another hub's database: %d %s%s", code, out, errs)

	}
	if got, err := moved.Digest(ctx); err != nil || got != want {
		t.Errorf("digest after the refused move %s (%v), want %s", got, err, want)
	}
	if _, err := os.Stat(filepath.Join(other, hub.DatabaseFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the refused hub records the database: %v", err)
	}
}
