package accounts

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/auditlog"
	"gongkai/internal/domain"
	"gongkai/internal/sqldb"
)

// Action is what a staff member did, as the audit log shows it.
type Action string

// The console's own actions. Case actions (internal/foi) are recorded
// through Record with the service's labels.
const (
	ActionLogin          Action = "登录"
	ActionLoginFailed    Action = "登录失败"
	ActionLocked         Action = "锁定"
	ActionLogout         Action = "退出"
	ActionExpired        Action = "会话过期"
	ActionAddAccount     Action = "新建账号"
	ActionSetRole        Action = "修改角色"
	ActionSetName        Action = "修改姓名"
	ActionDisable        Action = "停用账号"
	ActionEnable         Action = "启用账号"
	ActionUnlock         Action = "解锁账号"
	ActionResetPassword  Action = "重置密码"
	ActionChangePassword Action = "修改密码"
	ActionAddDept        Action = "新建科室"
	ActionExport         Action = "导出"
	ActionCSRF           Action = "拒绝请求"
)

// chain is console_audit in internal/auditlog's terms.
var chain = auditlog.Chain{Table: "console_audit", ActorColumn: "login"}

// Entry is one row of the audit log.
type Entry = auditlog.Entry

var longDigits = regexp.MustCompile(`[0-9]{11,}`)

// checkEntry keeps applicants' personal data out of the log: an action is
// a short label, a detail at most 200 characters without an 11-digit run
// (a phone or ID number). Details name tracking numbers, logins and codes.
func checkEntry(action Action, detail string) error {
	if action == "" || utf8.RuneCountInString(string(action)) > 32 || strings.ContainsAny(string(action), "\r\n") {
		return domain.Errorf(domain.EINVALID, "审计记录的操作名称须为 1 到 32 个字符")
	}
	if utf8.RuneCountInString(detail) > 200 || strings.ContainsAny(detail, "\r\n") {
		return domain.Errorf(domain.EINVALID, "审计记录的说明最长 200 个字符，且为一行")
	}
	if longDigits.MatchString(detail) {
		return domain.Errorf(domain.EINVALID, "审计记录的说明中不能有 11 位以上的连续数字（可能是电话或身份证号）")
	}
	return nil
}

func record(ctx context.Context, q auditlog.Querier, at time.Time, actor string, action Action, detail string) error {
	if err := checkEntry(action, detail); err != nil {
		return err
	}
	_, err := chain.Append(ctx, q, at, actor, string(action), detail)
	return err
}

// Record appends an entry by actor (a login, or ActorCLI). The case
// service records its actions here; detail must name things by tracking
// number, login or code, never by a person's data.
func (s *Store) Record(ctx context.Context, actor string, action Action, detail string) error {
	if err := checkEntry(action, detail); err != nil {
		return err
	}
	now := s.opt.Now()
	return s.write(ctx, func(c sqldb.Q) error { return record(ctx, c, now, actor, action, detail) })
}

// Audit returns up to limit entries, newest first, skipping offset.
func (s *Store) Audit(ctx context.Context, limit, offset int) ([]Entry, error) {
	return chain.Recent(ctx, s.db.R(), limit, offset)
}

// VerifyAudit re-walks the whole log: the number of rows and newest hash,
// or a *domain.Error (conflict) naming the first broken row.
func (s *Store) VerifyAudit(ctx context.Context) (auditlog.Head, error) {
	return chain.Verify(ctx, s.db.R())
}
