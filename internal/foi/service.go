package foi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/submission"
)

// Auditor records every action on the register in the console's
// hash-chained audit log. detail never holds personal data.
type Auditor interface {
	Audit(ctx context.Context, a Actor, action, target, detail string) error
}

// Inbox is where kiosk applications come from: the hub's received
// submissions, decrypted. foihub.Inbox reads sync/hub's Submissions.
type Inbox interface {
	// Applications returns the kiosk applications received after the
	// cursor after, in arrival order, and the cursor to pass next time.
	Applications(ctx context.Context, after int64) ([]KioskApplication, int64, error)
}

// KioskApplication is one application a kiosk took, as the hub opened it.
type KioskApplication struct {
	Tracking    string
	KioskID     string
	Received    time.Time // the kiosk's receipt time
	Application *submission.Application
	Err         string // why it could not be opened (the case is not registered)
}

// System is the actor of what the register does by itself (imports).
var System = Actor{Login: "system", Name: "系统"}

// Service is the case register: every read and change of a case goes
// through it, with the actor's role and 科室 checked and every change
// audited and published. It holds no SQL and no HTTP.
type Service struct {
	Store    Store
	Calendar func(ctx context.Context) (*calendar.Calendar, error)
	Now      func() time.Time
	Status   StatusSink // nil: no kiosk feed (tests, a hub without kiosks)
	Audit    Auditor    // nil: not audited
	Inbox    Inbox      // nil: no kiosk applications
	Log      *slog.Logger
}

func (s *Service) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// env returns the calendar and the time for one operation, and makes sure
// the stored deadlines were computed with this calendar.
func (s *Service) env(ctx context.Context) (Env, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return Env{}, fmt.Errorf("calendar: %w", err)
	}
	e := Env{Cal: cal, Now: s.Now()}
	if err := s.reindex(ctx, e); err != nil {
		return Env{}, err
	}
	return e, nil
}

// calendarKey fingerprints the working days a calendar knows.
func calendarKey(cal *calendar.Calendar) string {
	h := sha256.New()
	for _, y := range cal.Years() {
		fmt.Fprintf(h, "%d:", y)
		for d := (calendar.Date{Year: y, Month: 1, Day: 1}); d.Year == y; d = d.AddDays(1) {
			if w, _ := cal.IsWorkingDay(d); w {
				h.Write([]byte{1})
			} else {
				h.Write([]byte{0})
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// reindex recomputes the stored deadlines of open cases when the calendar
// changed since they were computed (a new year's notice arrived).
func (s *Service) reindex(ctx context.Context, e Env) error {
	key := calendarKey(e.Cal)
	have, err := s.Store.Meta(ctx, "calendar")
	if err != nil || have == key {
		return err
	}
	open, err := s.Store.OpenCases(ctx)
	if err != nil {
		return err
	}
	for _, c := range open {
		if err := s.Store.SetIndex(ctx, c.ID, s.index(c, e)); err != nil {
			return err
		}
	}
	return s.Store.SetMeta(ctx, "calendar", key)
}

// index computes the stored columns of c. While the clock is stopped for
// 补正, the date that matters next is the correction's due date, so the
// register sorts by it.
func (s *Service) index(c *Case, e Env) Index {
	dl := ComputeDeadline(c, e.Cal, e.today())
	due := dl.Due
	if dl.Clock == ClockStopped {
		due = c.Correction.Due
	}
	return Index{Due: due, Clock: dl.Clock, Publish: encodePublic(PublicStatusOf(c, dl))}
}

// fill sets c's computed deadline.
func fill(c *Case, e Env) { c.Deadline = ComputeDeadline(c, e.Cal, e.today()) }

func (s *Service) audit(ctx context.Context, a Actor, action, target, detail string) error {
	if s.Audit == nil {
		return nil
	}
	if err := s.Audit.Audit(ctx, a, action, target, detail); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// Register records an application that came without a kiosk (当面, 邮寄,
// 网络, 传真). Field errors are validate.FieldErrors keyed by JSON path.
func (s *Service) Register(ctx context.Context, a Actor, reg Registration) (*Case, error) {
	e, err := s.env(ctx)
	if err != nil {
		return nil, err
	}
	c, err := NewCase(reg, a, e.Now)
	if err != nil {
		return nil, err
	}
	if err := s.Store.Create(ctx, c, s.index(c, e)); err != nil {
		return nil, err
	}
	fill(c, e)
	return c, s.audit(ctx, a, ActRegister, c.ID, "登记"+c.Channel+"申请")
}

// ImportKiosk registers the kiosk applications the hub received that are
// not in the register yet and returns how many it added. It is
// idempotent: run it as often as wanted (the console runs it when the
// register is opened).
func (s *Service) ImportKiosk(ctx context.Context) (int, error) {
	if s.Inbox == nil {
		return 0, nil
	}
	e, err := s.env(ctx)
	if err != nil {
		return 0, err
	}
	cursorText, err := s.Store.Meta(ctx, "kiosk_cursor")
	if err != nil {
		return 0, err
	}
	cursor, _ := strconv.ParseInt(cursorText, 10, 64)
	apps, next, err := s.Inbox.Applications(ctx, cursor)
	if err != nil {
		return 0, fmt.Errorf("kiosk applications: %w", err)
	}
	trks := make([]string, 0, len(apps))
	for _, k := range apps {
		trks = append(trks, k.Tracking)
	}
	have, err := s.Store.Trackings(ctx, trks)
	if err != nil {
		return 0, err
	}
	added := 0
	var unreadable []string
	for _, k := range apps {
		if have[k.Tracking] {
			continue
		}
		if k.Application == nil {
			// Signed by the kiosk but not readable here: staff look at it
			// with `hub submissions`; the register cannot take it.
			s.log().Warn("kiosk application not registered", "tracking", k.Tracking, "error", k.Err)
			unreadable = append(unreadable, k.Tracking)
			continue
		}
		c := FromKiosk(k.Tracking, k.KioskID, k.Received, k.Application, e.Now)
		err := s.Store.Create(ctx, c, s.index(c, e))
		have[k.Tracking] = true
		if domain.ErrorCode(err) == domain.ECONFLICT {
			continue // another hub process on the same database registered it since Trackings
		} else if err != nil {
			return added, err
		}
		added++
	}
	if next > cursor {
		if err := s.Store.SetMeta(ctx, "kiosk_cursor", strconv.FormatInt(next, 10)); err != nil {
			return added, err
		}
	}
	if added > 0 {
		s.log().Info("kiosk applications registered", "count", added)
		if err := s.audit(ctx, System, ActImport, "", fmt.Sprintf("从终端导入%d件申请", added)); err != nil {
			return added, err
		}
	}
	if err := s.SyncStatus(ctx); err != nil {
		return added, err
	}
	if len(unreadable) > 0 {
		return added, domain.Errorf(domain.EINTERNAL, "%d 份终端申请无法解密，未登记（受理编号 %s），请用 hub submissions 查看",
			len(unreadable), strings.Join(unreadable, "、"))
	}
	return added, nil
}

// List returns one page of the register. A 承办人 sees only their 科室.
func (s *Service) List(ctx context.Context, a Actor, f Filter) (Page, error) {
	if err := canList(a); err != nil {
		return Page{}, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return Page{}, err
	}
	if a.Role == RoleHandler {
		f.Dept = a.Dept
	}
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	f.Limit = min(f.Limit, MaxLimit)
	today := e.today()
	soon, _ := e.Cal.AddWorkingDays(today, DueSoonDays)
	cases, total, err := s.Store.List(ctx, Query{Filter: f, Today: today, SoonBy: soon})
	if err != nil {
		return Page{}, err
	}
	for _, c := range cases {
		fill(c, e)
	}
	return Page{Cases: cases, Total: total, Offset: f.Offset, Limit: f.Limit}, nil
}

func canList(a Actor) error {
	switch {
	case a.Login == "":
		return domain.Errorf(domain.EAUTH, "请先登录")
	case a.Role == RoleHandler && a.Dept == "":
		return domain.Errorf(domain.EFORBIDDEN, "您的账号尚未分配科室，请联系管理员")
	case !has([]string{RoleRegistrar, RoleHandler, RoleReviewer, RoleAdmin}, a.Role):
		return domain.Errorf(domain.EFORBIDDEN, "您的角色（%s）无权查看依申请公开台账", a.Role)
	}
	return nil
}

// envCase returns the rules' environment and the case id (register or
// tracking number) as stored.
func (s *Service) envCase(ctx context.Context, id string) (Env, *Case, error) {
	e, err := s.env(ctx)
	if err != nil {
		return e, nil, err
	}
	c, err := s.Store.Case(ctx, id)
	return e, c, err
}

// Get returns a case by register or tracking number, with its deadline
// and, while it is open, the earlier answered cases it may repeat.
// Another 科室's case is EFORBIDDEN.
func (s *Service) Get(ctx context.Context, a Actor, id string) (*Case, error) {
	e, c, err := s.envCase(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := a.checkSee(c); err != nil {
		return nil, err
	}
	fill(c, e)
	if c.Stage.Open() {
		same, err := s.Store.ByApplicant(ctx, c.Applicant.Key())
		if err != nil {
			return nil, err
		}
		c.Repeats = Repeats(c, same)
	}
	return c, nil
}

// Available lists the action kinds a may take on c now, for the console's
// buttons; Do still checks everything.
func (s *Service) Available(ctx context.Context, a Actor, c *Case) []string {
	e, err := s.env(ctx)
	if err != nil {
		return nil
	}
	var out []string
	for _, k := range ActionKinds {
		if Allowed(c, a, k, e) == nil {
			out = append(out, k)
		}
	}
	return out
}

// Do applies one action to a case: checked by the domain rules, stored
// with the letters it issues, audited, and published to the kiosk feed.
func (s *Service) Do(ctx context.Context, a Actor, id string, act Action) (*Case, error) {
	e, c, err := s.envCase(ctx, id)
	if err != nil {
		return nil, err
	}
	if act.Kind == ActDraft && act.Reply != nil && act.Reply.Outcome == "5.2" {
		if err := s.checkEarlier(ctx, c, act.Reply); err != nil {
			return nil, err
		}
	}
	n, err := Apply(c, a, act, e)
	if err != nil {
		return nil, err
	}
	letters, err := s.issueLetters(ctx, c, n, e)
	if err != nil {
		return nil, err
	}
	if err := s.Store.Update(ctx, n, s.index(n, e), letters); err != nil {
		return nil, err
	}
	fill(n, e)
	if err := s.SyncStatus(ctx); err != nil {
		// The change stands; the next SyncStatus sends the status.
		s.log().Error("publish status", "case", n.ID, "error", err)
	}
	return n, s.audit(ctx, a, act.Kind, n.ID, ActionLabel(act.Kind))
}

// checkEarlier makes sure a 重复申请 reply cites an answered case of the
// same applicant, and cites it by register number.
func (s *Service) checkEarlier(ctx context.Context, c *Case, r *Reply) error {
	ref := strings.TrimSpace(r.EarlierCase)
	if ref == "" {
		return nil // Apply says what is missing
	}
	earlier, err := s.Store.Case(ctx, ref)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return invalidf("没有编号为 %s 的案件，请核对重复申请所引的案件", ref)
	} else if err != nil {
		return err
	}
	switch {
	case earlier.ID == c.ID:
		return invalidf("重复申请所引的案件不能是本案")
	case earlier.Applicant.Key() != c.Applicant.Key():
		return invalidf("案件 %s 不是同一申请人的申请，不能按重复申请答复", earlier.ID)
	case !earlier.Answered():
		return invalidf("案件 %s 尚未答复；只有已答复过的申请才构成重复申请", earlier.ID)
	}
	r.EarlierCase = earlier.ID
	return nil
}

// SyncStatus sends every public status that has not reached the kiosk
// feed yet. Do calls it; the console's import calls it again, so a status
// that failed to publish goes out later.
func (s *Service) SyncStatus(ctx context.Context) error {
	if s.Status == nil {
		return nil
	}
	unsent, err := s.Store.Unsent(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, u := range unsent {
		if u.Publish != "" && u.Tracking != "" {
			var st PublicStatus
			if err := json.Unmarshal([]byte(u.Publish), &st); err != nil {
				errs = append(errs, err)
				continue
			}
			if err := s.Status.Publish(ctx, u.Tracking, st); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", u.ID, err))
				continue
			}
		}
		if err := s.Store.SetPublished(ctx, u.ID, u.Publish); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
