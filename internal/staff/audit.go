package staff

import (
	"context"
	"database/sql"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auditlog"
	"gongkai/internal/domain"
	"gongkai/internal/schema"
	"gongkai/internal/tracking"
)

// Action is what a staff member did, stored as its Chinese label so the raw
// table reads as well as the staff screen does. Only the constants below
// are accepted by Record.
type Action string

// The staff actions the audit log knows.
const (
	ActionLogin          Action = "登录"
	ActionLoginFailed    Action = "登录失败"
	ActionLocked         Action = "锁定"
	ActionLogout         Action = "退出"
	ActionSyncNow        Action = "立即同步"
	ActionImportUSB      Action = "导入U盘目录"
	ActionExportQueue    Action = "导出队列"
	ActionReprint        Action = "补打回执"
	ActionTestPage       Action = "打印测试页"
	ActionChoosePrinter  Action = "选择打印机"
	ActionAssistedFiling Action = "代为填写申请"
	ActionSetPIN         Action = "设置密码"
)

var knownActions = map[Action]bool{
	ActionLogin: true, ActionLoginFailed: true, ActionLocked: true, ActionLogout: true,
	ActionSyncNow: true, ActionImportUSB: true, ActionExportQueue: true, ActionReprint: true,
	ActionTestPage: true, ActionChoosePrinter: true, ActionAssistedFiling: true, ActionSetPIN: true,
}

// Detail is the optional particulars of an audit entry. It can only be
// built from the constructors below, each of which accepts one kind of
// value that cannot carry personal data:
//
//   - Tracking: a 受理编号, checked with tracking.Parse and written in its
//     printed form;
//   - Count: a non-negative number (items imported, exported, synced);
//   - Printer: a printer or queue name, or a device/host address;
//   - File: a file's base name (the directory is dropped);
//   - the fixed reasons of EndReason, and the attempt count and lockout
//     length this package writes itself.
//
// Printer and File accept only ASCII letters, digits and . _ - : / +, at
// most 64 characters, and no run of 11 or more digits, so a Chinese name,
// an e-mail address, a phone number or an ID number cannot get in. A value
// that breaks the rules makes Record fail with a *domain.Error; Join
// combines several.
type Detail struct {
	text string
	err  error
}

// String returns the detail as stored.
func (d Detail) String() string { return d.text }

// Tracking is a detail naming a submission by its 受理编号.
func Tracking(number string) Detail {
	n, err := tracking.Parse(number)
	if err != nil {
		return Detail{err: err}
	}
	return Detail{text: "受理编号 " + n.String()}
}

// Count is a detail giving how many items an action touched.
func Count(n int) Detail {
	if n < 0 {
		return Detail{err: domain.Errorf(domain.EINVALID, "审计记录的数量不能为负数")}
	}
	return Detail{text: "数量 " + strconv.Itoa(n)}
}

// Printer is a detail naming a printer: a CUPS queue name, a device path
// or a host:port.
func Printer(name string) Detail {
	if err := checkSafe("打印机名称", name); err != nil {
		return Detail{err: err}
	}
	return Detail{text: "打印机 " + name}
}

// File is a detail naming a file (a USB bundle, an export) by its base
// name; the directory, which may name a person's folder, is dropped.
func File(path string) Detail {
	name := filepath.Base(path)
	if err := checkSafe("文件名", name); err != nil {
		return Detail{err: err}
	}
	return Detail{text: "文件 " + name}
}

// Join combines details into one, in order, skipping empty ones. It fails
// if any part does.
func Join(parts ...Detail) Detail {
	var texts []string
	for _, p := range parts {
		if p.err != nil {
			return Detail{err: p.err}
		}
		if p.text != "" {
			texts = append(texts, p.text)
		}
	}
	return Detail{text: strings.Join(texts, "；")}
}

// EndReason is why a staff session ended.
type EndReason int

// Why a session ended.
const (
	EndSignOut EndReason = iota // the staff member tapped 退出
	EndIdle                     // the idle reset ran out
)

func (r EndReason) detail() Detail {
	if r == EndIdle {
		return Detail{text: "空闲超时"}
	}
	return Detail{text: "主动退出"}
}

// reasonReplaced ends a session because another staff member logged in.
var reasonReplaced = Detail{text: "其他工作人员登录"}

func attempts(n int) Detail { return Detail{text: "连续错误 " + strconv.Itoa(n) + " 次"} }

func lockedFor(d time.Duration) Detail {
	return Detail{text: "锁定 " + strconv.Itoa(int(d.Round(time.Minute)/time.Minute)) + " 分钟"}
}

var (
	safePattern = regexp.MustCompile(`^[A-Za-z0-9._:/+-]{1,64}$`)
	longDigits  = regexp.MustCompile(`[0-9]{11,}`)
)

func checkSafe(what, v string) error {
	if !safePattern.MatchString(v) || v == "." || v == "/" {
		return domain.Errorf(domain.EINVALID, "%s只能包含英文字母、数字和 . _ - : / +，最长 64 个字符", what)
	}
	if longDigits.MatchString(v) {
		return domain.Errorf(domain.EINVALID, "%s中不能有 11 位以上的连续数字（可能是电话或身份证号）", what)
	}
	return nil
}

// Entry is one row of the audit log.
type Entry struct {
	Seq     int64
	At      time.Time
	StaffID string
	Action  Action
	Detail  string
	Hash    string // hex SHA-256 chaining this row to the one before
}

// chain is the staff_audit table in internal/auditlog's terms.
var chain = auditlog.Chain{Table: "staff_audit", ActorColumn: "staff_id"}

// Record appends an entry to the audit log: who (a work number, see
// CheckStaffID, or ConsoleStaffID), what, and a Detail that can only hold
// safe values. Errors for a bad staff id, action or detail are
// *domain.Error (invalid).
func (s *Staff) Record(ctx context.Context, staffID string, action Action, detail Detail) error {
	if staffID != ConsoleStaffID {
		if err := CheckStaffID(staffID); err != nil {
			return err
		}
	}
	if !knownActions[action] {
		return domain.Errorf(domain.EINVALID, "未知的工作人员操作“%s”", action)
	}
	if detail.err != nil {
		return detail.err
	}
	at := s.opt.Now()

	s.auditMu.Lock()
	defer s.auditMu.Unlock()
	return schema.Immediate(ctx, s.db, func(conn *sql.Conn) error {
		_, err := chain.Append(ctx, conn, at, staffID, string(action), detail.text)
		return err
	})
}

// Audit records an action taken by whoever acts now: the staff member of
// the open session, else ConsoleStaffID (a command at a terminal). The
// staff screen and the command line record every action through it. A
// detail the log refuses (a queue name with odd characters) is left out:
// the action itself must still be recorded.
func (s *Staff) Audit(ctx context.Context, action Action, detail Detail) error {
	who := ConsoleStaffID
	if cur := s.Current(); cur != nil {
		who = cur.StaffID
	}
	err := s.Record(ctx, who, action, detail)
	if domain.ErrorCode(err) == domain.EINVALID && knownActions[action] {
		err = s.Record(ctx, who, action, Detail{})
	}
	return err
}

// Recent returns the newest n entries, newest first, for the staff screen.
func (s *Staff) Recent(ctx context.Context, n int) ([]Entry, error) {
	rows, err := chain.Recent(ctx, s.db, n, 0)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(rows))
	for i, e := range rows {
		out[i] = Entry{Seq: e.Seq, At: e.At, StaffID: e.Actor, Action: Action(e.Action), Detail: e.Detail, Hash: e.Hash}
	}
	return out, nil
}

// VerifyChain re-walks the whole audit log and reports the first row that
// is missing, out of order, or whose hash no longer matches its fields or
// its predecessor: a *domain.Error (conflict) naming the row. It cannot
// see rows removed from the end of the log (the newest hash is not
// anchored outside the database).
func (s *Staff) VerifyChain(ctx context.Context) error {
	_, err := chain.Verify(ctx, s.db)
	return err
}
