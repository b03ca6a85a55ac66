package staff

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auditlog"
	"gongkai/internal/domain"
)

// no is a valid tracking number (kiosk 7's twelfth on 2026-03-02): the
// "tracking" cases fail if its check digit is wrong.
const no = "0007-260302-0012-8"

func TestDetail(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Detail
		want string // stored text; "" with bad for refused
		bad  bool
	}{
		{"none", Detail{}, "", false},
		{"tracking", Tracking(no), "受理编号 " + no, false},
		{"tracking compact", Tracking(strings.ReplaceAll(no, "-", "")), "受理编号 " + no, false},
		{"tracking bad check digit", Tracking(no[:len(no)-1] + "x"), "", true},
		{"tracking is a phone", Tracking("13812345678"), "", true},
		{"count", Count(120), "数量 120", false},
		{"count negative", Count(-1), "", true},
		{"printer queue", Printer("receipt-80mm"), "打印机 receipt-80mm", false},
		{"printer device", Printer("/dev/usb/lp0"), "打印机 /dev/usb/lp0", false},
		{"printer tcp", Printer("192.168.1.50:9100"), "打印机 192.168.1.50:9100", false},
		{"printer chinese", Printer("张三的打印机"), "", true},
		{"printer email", Printer("zhang@example.com"), "", true},
		{"printer space", Printer("front desk"), "", true},
		{"printer empty", Printer(""), "", true},
		{"printer too long", Printer(strings.Repeat("p", 65)), "", true},
		{"file", File("/media/usb/gongkai-bundle-20260302.gkb"), "文件 gongkai-bundle-20260302.gkb", false},
		{"file drops folder", File("/media/张三/queue-0007.zip"), "文件 queue-0007.zip", false},
		{"file chinese", File("/media/usb/张三申请.pdf"), "", true},
		{"file phone", File("13812345678.txt"), "", true},
		{"file id number", File("37152119900101123X.zip"), "", true},
		{"file root", File("/"), "", true},
		{"join", Join(File("a.gkb"), Count(3), Detail{}), "文件 a.gkb；数量 3", false},
		{"join with bad part", Join(Count(3), Printer("王五")), "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bad {
				if tc.d.err == nil || domain.ErrorCode(tc.d.err) != domain.EINVALID {
					t.Errorf("detail %q accepted (err %v), want refused", tc.d.text, tc.d.err)
				}
				return
			}
			if tc.d.err != nil || tc.d.String() != tc.want {
				t.Errorf("detail = %q, %v; want %q", tc.d.String(), tc.d.err, tc.want)
			}
		})
	}
}

func TestRecordEveryAction(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	steps := []struct {
		action Action
		detail Detail
		want   string
	}{
		{ActionLogin, Detail{}, ""},
		{ActionLoginFailed, attempts(1), "连续错误 1 次"},
		{ActionLocked, lockedFor(DefaultLockout), "锁定 5 分钟"},
		{ActionSyncNow, Count(42), "数量 42"},
		{ActionImportUSB, Join(File("/media/usb/bundle.gkb"), Count(310)), "文件 bundle.gkb；数量 310"},
		{ActionExportQueue, Join(File("queue-export.zip"), Count(3)), "文件 queue-export.zip；数量 3"},
		{ActionReprint, Tracking(no), "受理编号 " + no},
		{ActionTestPage, Printer("receipt"), "打印机 receipt"},
		{ActionChoosePrinter, Printer("office-a4"), "打印机 office-a4"},
		{ActionAssistedFiling, Tracking(no), "受理编号 " + no},
		{ActionSetPIN, Detail{}, ""},
		{ActionLogout, EndIdle.detail(), "空闲超时"},
	}
	for _, st := range steps {
		f.clock.Advance(time.Second)
		if err := f.s.Record(ctx, "0123", st.action, st.detail); err != nil {
			t.Fatalf("Record(%s): %v", st.action, err)
		}
	}
	if len(steps) != len(knownActions) {
		t.Errorf("test covers %d actions, package knows %d", len(steps), len(knownActions))
	}
	got, err := f.s.Recent(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(steps) {
		t.Fatalf("Recent returned %d entries, want %d", len(got), len(steps))
	}
	for i, e := range got { // newest first
		st := steps[len(steps)-1-i]
		if e.Action != st.action || e.Detail != st.want || e.StaffID != "0123" || e.Seq != int64(len(steps)-i) {
			t.Errorf("entry %d = %+v, want %s %q", i, e, st.action, st.want)
		}
		if want := f.clock.Now().Add(-time.Duration(i) * time.Second); !e.At.Equal(want) {
			t.Errorf("entry %d at %v, want %v", i, e.At, want)
		}
	}
	if last2, _ := f.s.Recent(ctx, 2); len(last2) != 2 || last2[0].Seq != int64(len(steps)) {
		t.Errorf("Recent(2) = %+v", last2)
	}
	if err := f.s.VerifyChain(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestRecordRefuses(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		staffID string
		action  Action
		detail  Detail
	}{
		{"unknown action", "0123", Action("删除日志"), Detail{}},
		{"name as staff id", "李四", ActionSyncNow, Detail{}},
		{"phone as staff id", "13812345678", ActionSyncNow, Detail{}},
		{"bad detail", "0123", ActionReprint, Tracking("not a number")},
	} {
		if err := f.s.Record(ctx, tc.staffID, tc.action, tc.detail); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%s: Record = %v, want invalid", tc.name, err)
		}
	}
	if got, _ := f.s.Recent(ctx, 10); len(got) != 0 {
		t.Errorf("refused records were written: %+v", got)
	}
}

// TestAppendOnly: SQL itself refuses to change or remove audit rows, or
// to add one that does not extend the chain.
func TestAppendOnly(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if err := f.s.Record(ctx, "0123", ActionSyncNow, Count(i)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		sql  string
		want string
	}{
		{`UPDATE staff_audit SET detail = '数量 9' WHERE seq = 2`, "append-only"},
		{`UPDATE staff_audit SET staff_id = 'x'`, "append-only"},
		{`DELETE FROM staff_audit WHERE seq = 3`, "append-only"},
		{`DELETE FROM staff_audit`, "append-only"},
		{`INSERT INTO staff_audit(seq, at, staff_id, action, detail, prev_hash, hash)
			VALUES (9, 'x', '0123', '登录', '', (SELECT hash FROM staff_audit WHERE seq = 3), 'ff')`, "extend the chain"},
		{`INSERT INTO staff_audit(seq, at, staff_id, action, detail, prev_hash, hash)
			VALUES (4, 'x', '0123', '登录', '', 'beef', 'ff')`, "extend the chain"},
		{`INSERT OR REPLACE INTO staff_audit(seq, at, staff_id, action, detail, prev_hash, hash)
			SELECT seq, at, staff_id, action, '数量 9', prev_hash, hash FROM staff_audit WHERE seq = 2`, "extend the chain"},
	} {
		_, err := f.db.ExecContext(ctx, tc.sql)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.sql, err, tc.want)
		}
	}
	if err := f.s.VerifyChain(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.s.Recent(ctx, 10); len(got) != 3 || got[1].Detail != "数量 1" {
		t.Errorf("log changed: %+v", got)
	}
}

// TestVerifyChainDetectsTampering edits the log the way someone with the
// database file would: dropping the triggers first.
func TestVerifyChainDetectsTampering(t *testing.T) {
	for _, tc := range []struct {
		name string
		sql  []string
		want string
	}{
		{"detail edited", []string{`UPDATE staff_audit SET detail = '数量 9' WHERE seq = 2`}, "第 2 条记录与校验值不符"},
		{"actor edited", []string{`UPDATE staff_audit SET staff_id = '9999' WHERE seq = 1`}, "第 1 条记录与校验值不符"},
		{"time edited", []string{`UPDATE staff_audit SET at = '2026-03-02T08:00:00+08:00' WHERE seq = 3`}, "第 3 条记录与校验值不符"},
		{"row deleted", []string{`DELETE FROM staff_audit WHERE seq = 2`}, "缺少第 2 条"},
		{"row rehashed alone", []string{
			`UPDATE staff_audit SET detail = '数量 9', hash = 'aa' WHERE seq = 2`,
		}, "第 2 条记录与校验值不符"},
		{"rows renumbered", []string{
			`DELETE FROM staff_audit WHERE seq = 2`,
			`UPDATE staff_audit SET seq = 2 WHERE seq = 3`,
		}, "第 2 条记录与前一条不衔接"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fastParams)
			ctx := context.Background()
			for i := 0; i < 4; i++ {
				if err := f.s.Record(ctx, "0123", ActionSyncNow, Count(i)); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.s.VerifyChain(ctx); err != nil {
				t.Fatalf("before tampering: %v", err)
			}
			for _, q := range append([]string{
				`DROP TRIGGER staff_audit_no_update`, `DROP TRIGGER staff_audit_no_delete`,
			}, tc.sql...) {
				if _, err := f.db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			err := f.s.VerifyChain(ctx)
			if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), tc.want) {
				t.Errorf("VerifyChain = %v, want conflict mentioning %q", err, tc.want)
			}
		})
	}
}

// TestRehashedRowBreaksTheNext: recomputing an edited row's own hash
// still leaves the next row pointing at the old one.
func TestRehashedRowBreaksTheNext(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if err := f.s.Record(ctx, "0123", ActionSyncNow, Count(i)); err != nil {
			t.Fatal(err)
		}
	}
	var at, prev string
	if err := f.db.QueryRow(`SELECT at, prev_hash FROM staff_audit WHERE seq = 2`).Scan(&at, &prev); err != nil {
		t.Fatal(err)
	}
	h := auditlog.Hash(prev, 2, at, "0123", string(ActionSyncNow), "数量 9")
	for _, q := range []string{
		`DROP TRIGGER staff_audit_no_update`,
		`UPDATE staff_audit SET detail = '数量 9', hash = '` + h + `' WHERE seq = 2`,
	} {
		if _, err := f.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.s.VerifyChain(ctx); !strings.Contains(domain.ErrorMessage(err), "第 3 条记录与前一条不衔接") {
		t.Errorf("VerifyChain = %v", err)
	}
}

// TestMigrateTwice: reopening applies nothing again and keeps the log.
func TestMigrateTwice(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	if err := f.s.Record(ctx, "0123", ActionSyncNow, Count(1)); err != nil {
		t.Fatal(err)
	}
	f.open(t, fastParams)
	f.open(t, fastParams)
	var v int
	if err := f.db.QueryRow(`SELECT version FROM schema_version WHERE component = 'staff'`).Scan(&v); err != nil || v != 1 {
		t.Fatalf("staff version = %d, %v; want 1", v, err)
	}
	if err := f.s.Record(ctx, "0123", ActionSyncNow, Count(2)); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.s.Recent(ctx, 10); len(got) != 2 {
		t.Errorf("log after reopening: %+v", got)
	}
}

// TestConcurrentRecord: two handles on the same file (the kiosk app and a
// `kiosk set-pin` at a terminal) appending at once keep one unbroken
// chain.
func TestConcurrentRecord(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	other, err := Open(ctx, openDB(t, f.path), sqlMeta{f.db}, Options{Now: f.clock.Now, Params: fastParams})
	if err != nil {
		t.Fatal(err)
	}
	const per = 25
	errs := make(chan error, 4*per)
	done := make(chan struct{})
	for _, s := range []*Staff{f.s, f.s, other, other} {
		go func() {
			for i := 0; i < per; i++ {
				errs <- s.Record(ctx, "0123", ActionSyncNow, Count(i))
			}
			done <- struct{}{}
		}()
	}
	for i := 0; i < 4; i++ {
		<-done
	}
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := f.s.Recent(ctx, 1000); len(got) != 4*per {
		t.Errorf("%d entries, want %d", len(got), 4*per)
	}
	if err := f.s.VerifyChain(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestRefuseNewerSchema(t *testing.T) {
	f := newFixture(t, fastParams)
	if _, err := f.db.Exec(`UPDATE schema_version SET version = 99 WHERE component = 'staff'`); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), f.db, sqlMeta{f.db}, Options{})
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open on a newer schema = %v, want ErrNewerSchema", err)
	}
}

// TestAudit: an action is recorded under the open session's 工号, else
// the console's, and without a detail the log refuses rather than not at
// all.
func TestAudit(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	if err := f.s.Audit(ctx, ActionExportQueue, Count(3)); err != nil {
		t.Fatal(err)
	}
	setPIN(t, f.s)
	if _, err := f.s.Login(ctx, "0123", goodPIN); err != nil {
		t.Fatal(err)
	}
	if err := f.s.Audit(ctx, ActionChoosePrinter, Printer("front desk\x1b[2J")); err != nil {
		t.Fatal(err)
	}
	if err := f.s.Audit(ctx, Action("删除日志"), Detail{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("Audit of an unknown action = %v, want invalid", err)
	}
	got, err := f.s.Recent(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Newest first: the printer choice, the login, SetPIN's, the export.
	if len(got) != 4 || got[0].StaffID != "0123" || got[0].Action != ActionChoosePrinter || got[0].Detail != "" ||
		got[3].StaffID != ConsoleStaffID || got[3].Action != ActionExportQueue || got[3].Detail != "数量 3" {
		t.Errorf("audit log = %+v", got)
	}
}

// TestOpenLegacyVersionTable: a kiosk file whose staff tables the runner
// before schema.Migrate created (version 1 in staff_schema_version) opens
// without applying 001 again, keeps its audit log, and records its version
// in schema_version; the old table is retired so older software refuses.
func TestOpenLegacyVersionTable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db := openDB(t, path)
	first, err := migrations.ReadFile("migrations/001_audit.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE TABLE staff_schema_version (version INTEGER NOT NULL)`,
		`INSERT INTO staff_schema_version(version) VALUES (1)`, string(first),
		`INSERT INTO staff_audit (seq, at, staff_id, action, prev_hash, hash) VALUES
			(1, '2026-03-02T09:00:00+08:00', '0123', '立即同步', '` + auditlog.Genesis + `', 'h1')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Open(ctx, db, sqlMeta{db}, Options{Now: newClock().Now, Params: fastParams}); err != nil {
		t.Fatalf("Open over the old runner's tables: %v", err)
	}
	var n, v, old int
	if err := db.QueryRow(`SELECT count(*) FROM staff_audit`).Scan(&n); err != nil || n != 1 {
		t.Errorf("audit rows = %d, %v; want the 1 written before", n, err)
	}
	if err := db.QueryRow(`SELECT version FROM schema_version WHERE component = 'staff'`).Scan(&v); err != nil || v != 1 {
		t.Errorf("staff version = %d, %v; want 1", v, err)
	}
	if err := db.QueryRow(`SELECT version FROM staff_schema_version`).Scan(&old); err != nil || old <= 1 {
		t.Errorf("staff_schema_version = %d, %v; want retired (above any old runner's)", old, err)
	}
}
