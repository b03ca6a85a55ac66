package auditlog_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"gongkai/internal/auditlog"
	"gongkai/internal/domain"
	"gongkai/internal/schema"
)

var chain = auditlog.Chain{Table: "test_audit", ActorColumn: "who"}

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "a.db")+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE test_audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,
		action TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE)`); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestAppendRecentVerify(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if h, err := chain.Verify(ctx, db); err != nil || h.Rows != 0 || h.Hash != auditlog.Genesis {
		t.Fatalf("empty Verify = %+v, %v", h, err)
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	var last auditlog.Entry
	for i, a := range []string{"登录", "新建账号", "退出"} {
		err := schema.Immediate(ctx, db, func(c *sql.Conn) error {
			var err error
			last, err = chain.Append(ctx, c, at.Add(time.Duration(i)*time.Minute), "admin", a, "")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	h, err := chain.Verify(ctx, db)
	if err != nil || h.Rows != 3 || h.Hash != last.Hash {
		t.Fatalf("Verify = %+v, %v; want 3 rows ending %s", h, err, last.Hash)
	}
	got, err := chain.Recent(ctx, db, 2, 1)
	if err != nil || len(got) != 2 || got[0].Action != "新建账号" || got[1].Action != "登录" || !got[0].At.Equal(at.Add(time.Minute)) {
		t.Fatalf("Recent(2, 1) = %+v, %v", got, err)
	}
	if _, err := db.Exec(`UPDATE test_audit SET who = 'other' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	if _, err := chain.Verify(ctx, db); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "第 2 条") {
		t.Errorf("Verify after an edit = %v, want a conflict naming row 2", err)
	}
}
