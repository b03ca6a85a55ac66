package hubcli

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/accounts"
)

func TestUserAndAudit(t *testing.T) {
	data := filepath.Join(t.TempDir(), "hub")
	if code, _, errs := run(t, "user", "add", "--data", data, "--login", "admin", "--role", "管理员"); code != 1 || !strings.Contains(errs, "hub init") {
		t.Fatalf("user add before init: %d %s", code, errs)
	}
	mustRun(t, "init", "--data", data)
	steps := []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"north-gate-2026\n", []string{"user", "add", "--data", data, "--login", "admin", "--role", "管理员", "--name", "王管理"}, 0, "已创建账号 admin（管理员）"},
		{"north-gate-2026\n", []string{"user", "add", "--data", data, "--login", "admin", "--role", "管理员"}, 1, "已被使用"},
		{"short\n", []string{"user", "add", "--data", data, "--login", "li", "--role", "登记员"}, 1, "10 到 128"},
		{"", []string{"user", "add", "--data", data, "--login", "li", "--role", "登记员"}, 1, "没有读到密码"},
		{"case-work-01\ncase-work-02\n", []string{"user", "add", "--data", data, "--login", "li", "--role", "登记员"}, 1, "不一致"},
		{"case-work-01\n", []string{"user", "add", "--data", data, "--login", "li", "--role", "承办人"}, 1, "科室"},
		{"case-work-01\ncase-work-01\n", []string{"user", "add", "--data", data, "--login", "li", "--role", "承办人", "--dept", "办公室"}, 0, "已创建账号 li（承办人，办公室）"},
		{"", []string{"user", "add", "--data", data, "--login", "x", "--role", "科长"}, 1, "角色须为"},
		{"", []string{"user", "add", "--data", data, "--role", "管理员"}, 2, "--login and --role are required"},
		{"", []string{"user", "list", "--data", data}, 0, "王管理"},
		{"", []string{"user", "unlock", "--data", data, "--login", "li"}, 0, "已解锁账号 li"},
		{"temp-pass-0001\n", []string{"user", "reset-password", "--data", data, "--login", "li"}, 0, "下次登录时须修改密码"},
		{"", []string{"user", "frob", "--data", data}, 2, "expected add"},
		{"", []string{"audit", "verify", "--data", data}, 0, "审计日志完整：共 5 条记录"},
		{"", []string{"audit", "list", "--data", data}, 0, "重置密码"},
	}
	for _, s := range steps {
		code, out, errs := runIn(t, s.stdin, s.args...)
		if code != s.code || !strings.Contains(out+errs, s.want) {
			t.Errorf("hub %s = %d, want %d with %q:\n%s%s", strings.Join(s.args, " "), code, s.code, s.want, out, errs)
		}
		if strings.Contains(out+errs, "north-gate") || strings.Contains(out+errs, "case-work") {
			t.Errorf("hub %s echoed the password:\n%s%s", strings.Join(s.args, " "), out, errs)
		}
	}
	// A tampered log fails the check with exit status 1 and names the row.
	db, err := sql.Open("sqlite3", filepath.Join(data, accounts.File))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{`DROP TRIGGER console_audit_no_update`, `UPDATE console_audit SET detail = '' WHERE seq = 2`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errs := run(t, "audit", "verify", "--data", data); code != 1 || !strings.Contains(errs, "第 2 条记录与校验值不符") {
		t.Errorf("audit verify after tampering = %d:\n%s%s", code, out, errs)
	}
}
