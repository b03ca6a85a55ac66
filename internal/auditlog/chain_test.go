package auditlog_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"gongkai/internal/auditlog"
	"gongkai/internal/domain"
	"gongkai/internal/pgdb/pgtest"
	"gongkai/internal/sqldb"
)

var chain = auditlog.Chain{Table: "test_audit", ActorColumn: "who"}

const createTable = `CREATE TABLE test_audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,
	action TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE)`

// backends make a fresh database holding test_audit and return how to
// open it, each call another process's handle on the same database.
var backends = []struct {
	name  string
	setup func(t *testing.T) func(t *testing.T) *sqldb.DB
}{
	{"sqlite", func(t *testing.T) func(*testing.T) *sqldb.DB {
		path := filepath.Join(t.TempDir(), "a.db")
		return func(t *testing.T) *sqldb.DB {
			open := func() *sql.DB {
				db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
				if err != nil {
					t.Fatal(err)
				}
				return db
			}
			db := sqldb.SQLite(open(), open())
			t.Cleanup(func() { db.Close() })
			if _, err := db.W().ExecContext(context.Background(), `CREATE TABLE IF NOT EXISTS`+strings.TrimPrefix(createTable, "CREATE TABLE")); err != nil {
				t.Fatal(err)
			}
			return db
		}
	}},
	{"postgres", func(t *testing.T) func(*testing.T) *sqldb.DB {
		url := pgtest.URL(t)
		migrations := fstest.MapFS{"m/001_test_audit.sql": {Data: []byte(createTable)}}
		return func(t *testing.T) *sqldb.DB {
			db, err := sqldb.OpenPostgres(context.Background(), url, migrations, "m", "test_audit")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}
	}},
}

func each(t *testing.T, test func(t *testing.T, open func(*testing.T) *sqldb.DB)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { test(t, b.setup(t)) })
	}
}

func TestAppendRecentVerify(t *testing.T) {
	each(t, func(t *testing.T, open func(*testing.T) *sqldb.DB) {
		ctx := context.Background()
		db := open(t)
		if h, err := chain.Verify(ctx, db.R()); err != nil || h.Rows != 0 || h.Hash != auditlog.Genesis {
			t.Fatalf("empty Verify = %+v, %v", h, err)
		}
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
		var last auditlog.Entry
		for i, a := range []string{"登录", "新建账号", "退出"} {
			err := db.Write(ctx, func(q sqldb.Q) error {
				var err error
				last, err = chain.Append(ctx, q, at.Add(time.Duration(i)*time.Minute), "admin", a, "")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		h, err := chain.Verify(ctx, db.R())
		if err != nil || h.Rows != 3 || h.Hash != last.Hash {
			t.Fatalf("Verify = %+v, %v; want 3 rows ending %s", h, err, last.Hash)
		}
		got, err := chain.Recent(ctx, db.R(), 2, 1)
		if err != nil || len(got) != 2 || got[0].Action != "新建账号" || got[1].Action != "登录" || !got[0].At.Equal(at.Add(time.Minute)) {
			t.Fatalf("Recent(2, 1) = %+v, %v", got, err)
		}
		if _, err := db.W().ExecContext(ctx, `UPDATE test_audit SET who = 'other' WHERE seq = 2`); err != nil {
			t.Fatal(err)
		}
		if _, err := chain.Verify(ctx, db.R()); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "第 2 条") {
			t.Errorf("Verify after an edit = %v, want a conflict naming row 2", err)
		}
	})
}

// TestAppendFromTwoProcesses: appends through two handles on one
// database, each under its write lock, from several goroutines at once,
// make one unbroken chain.
func TestAppendFromTwoProcesses(t *testing.T) {
	each(t, func(t *testing.T, open func(*testing.T) *sqldb.DB) {
		ctx := context.Background()
		dbs := []*sqldb.DB{open(t), open(t)}
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 10 {
					err := dbs[w%2].Write(ctx, func(q sqldb.Q) error {
						_, err := chain.Append(ctx, q, at, "admin", "答复", fmt.Sprintf("%d/%d", w, i))
						return err
					})
					if err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		if h, err := chain.Verify(ctx, dbs[1].R()); err != nil || h.Rows != 40 {
			t.Errorf("Verify = %+v, %v; want 40 rows", h, err)
		}
	})
}
