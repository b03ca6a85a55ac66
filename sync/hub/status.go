package hub

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/submission"
	"gongkai/internal/tracking"
)

// Statuses staff give applications (and feedback, which uses 已受理,
// 已答复 and 已办结). Sign-ups use StatusConfirmed, StatusWaitlist and
// StatusCancelled.
const (
	StatusAccepted   = "已受理"
	StatusCorrection = "需补正" // 《条例》第三十条: the clock restarts from the corrected application
	StatusExtended   = "已延期" // 第三十三条: once, by at most 20 working days
	StatusAnswered   = "已答复" // with an outcome code
	StatusClosed     = "已办结"
)

// MaxExtension is the longest extension of a reply deadline, in working
// days (Art. 33).
const MaxExtension = 20

// Outcome is an annual-report outcome code; the codes live in
// internal/domain so that the case register (internal/foi) and the hub
// share one list.
type Outcome = domain.Outcome

// Outcomes lists the codes `hub set-status --outcome` takes.
var Outcomes = domain.Outcomes

// OutcomeLabel returns the label of an outcome code, "" if unknown.
func OutcomeLabel(code string) string { return domain.OutcomeLabel(code) }

// Status is the progress of one tracking number as the hub records it.
type Status struct {
	State       string        `json:"state"`
	Outcome     string        `json:"outcome,omitempty"`
	Deadline    calendar.Date `json:"deadline,omitzero"` // zero: the deadline on the record stands
	Provisional bool          `json:"provisional,omitempty"`
	Note        string        `json:"note,omitempty"`
	Updated     time.Time     `json:"updated"`
	Extended    bool          `json:"extended,omitempty"` // 已延期 was used
}

// putStatus records a status and queues it on the issuing kiosk's feed.
// A zero Deadline keeps the stored one.
func (s *Submissions) putStatus(ctx context.Context, tx *sql.Tx, kioskID, trk string, st Status) error {
	deadline := ""
	if !st.Deadline.IsZero() {
		deadline = st.Deadline.String()
	}
	updated := st.Updated.UTC().Format(time.RFC3339Nano)
	if _, err := tx.ExecContext(ctx, `INSERT INTO status (tracking, state, outcome, deadline, provisional, note, updated, extended)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tracking) DO UPDATE SET state = excluded.state, outcome = excluded.outcome,
			deadline = CASE WHEN excluded.deadline = '' THEN deadline ELSE excluded.deadline END,
			provisional = CASE WHEN excluded.deadline = '' THEN provisional ELSE excluded.provisional END,
			note = excluded.note, updated = excluded.updated, extended = max(extended, excluded.extended)`,
		trk, st.State, st.Outcome, deadline, st.Provisional, st.Note, updated, st.Extended); err != nil {
		return fmt.Errorf("status %s: %w", trk, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO feed (kiosk_id, tracking, state, outcome, deadline, provisional, note, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, kioskID, trk, st.State, st.Outcome, deadline, st.Provisional, st.Note, updated); err != nil {
		return fmt.Errorf("feed %s: %w", trk, err)
	}
	return nil
}

// tracked is a stored submission with a tracking number and its status.
type tracked struct {
	ID, Kind, KioskID, Tracking, VerifyHash string
	Received, HubReceived                   time.Time
	Deadline                                calendar.Date // as the kiosk computed it
	Provisional                             bool
	EventID                                 string
	Attendees                               int
	SeatState                               string
	Status                                  Status // State "" when none yet
	Seat                                    string // sign-ups: the hub's seat state
}

type rowQueryer interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// findTracked loads a submission by its printed tracking number.
func findTracked(ctx context.Context, q rowQueryer, trk string) (tracked, bool, error) {
	var t tracked
	var received, hubReceived, deadline, stDeadline, stUpdated string
	var st sql.NullString
	err := q.QueryRowContext(ctx, `SELECT r.id, r.kind, r.kiosk_id, r.tracking, r.verify_hash, r.received, r.hub_received,
		r.deadline, r.provisional, r.event_id, r.attendees, r.seat_state,
		s.state, COALESCE(s.outcome, ''), COALESCE(s.deadline, ''), COALESCE(s.provisional, 0), COALESCE(s.note, ''),
		COALESCE(s.updated, ''), COALESCE(s.extended, 0), COALESCE(g.seat, '')
		FROM records r LEFT JOIN status s ON s.tracking = r.tracking LEFT JOIN signups g ON g.tracking = r.tracking
		WHERE r.tracking = ?`, trk).Scan(&t.ID, &t.Kind, &t.KioskID, &t.Tracking, &t.VerifyHash, &received, &hubReceived,
		&deadline, &t.Provisional, &t.EventID, &t.Attendees, &t.SeatState,
		&st, &t.Status.Outcome, &stDeadline, &t.Status.Provisional, &t.Status.Note, &stUpdated, &t.Status.Extended, &t.Seat)
	if noRows(err) {
		return t, false, nil
	} else if err != nil {
		return t, false, fmt.Errorf("find %s: %w", trk, err)
	}
	t.Status.State = st.String
	t.Received, _ = time.Parse(time.RFC3339Nano, received)
	t.HubReceived, _ = time.Parse(time.RFC3339Nano, hubReceived)
	if deadline != "" {
		t.Deadline, _ = calendar.Parse(deadline)
	}
	if stDeadline != "" {
		t.Status.Deadline, _ = calendar.Parse(stDeadline)
	}
	t.Status.Updated, _ = time.Parse(time.RFC3339Nano, stUpdated)
	return t, true, nil
}

// deadline returns the reply deadline in force: the latest one staff set,
// else the kiosk's, recomputed with the hub's calendar when the kiosk's
// was only provisional.
func (s *Submissions) deadline(t tracked) (calendar.Date, bool) {
	if !t.Status.Deadline.IsZero() {
		return t.Status.Deadline, t.Status.Provisional
	}
	if t.Kind != submission.KindApplication {
		return calendar.Date{}, false
	}
	if t.Provisional || t.Deadline.IsZero() {
		s.catMu.Lock()
		cal := s.cal
		s.catMu.Unlock()
		return cal.AddWorkingDays(calendar.Today(t.Received), submission.ReplyWorkingDays)
	}
	return t.Deadline, false
}

// StatusChange is what staff record with `hub set-status`.
type StatusChange struct {
	State   string
	Outcome string // 已答复: an Outcomes code
	Note    string
	// From is the day the corrected application was received (需补正);
	// zero means today.
	From calendar.Date
	// WorkingDays is the length of an extension (已延期), 1..20; 0 means 20.
	WorkingDays int
}

func invalidf(format string, args ...any) error {
	return domain.Errorf(domain.EINVALID, format, args...)
}

// SetStatus records staff's progress on a submission and queues it for
// the kiosk that issued the number. Mistakes are *domain.Error values with
// Chinese messages saying what to fix.
func (s *Submissions) SetStatus(ctx context.Context, trk string, ch StatusChange) (Status, error) {
	n, err := tracking.Parse(trk)
	if err != nil {
		return Status{}, err
	}
	trk = n.String()
	if err := s.refreshCatalogue(ctx); err != nil {
		return Status{}, err
	}
	now := s.hub.Now().UTC()
	var out Status
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		t, ok, err := findTracked(ctx, tx, trk)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.ENOTFOUND, "中心没有受理编号 %s 的提交（可能尚未从终端上传）", trk)
		}
		if t.Kind == submission.KindSignup {
			out, err = s.setSignupStatus(ctx, tx, t, ch, now)
			return err
		}
		st, err := s.nextStatus(t, ch, now)
		if err != nil {
			return err
		}
		out = st
		return s.putStatus(ctx, tx, t.KioskID, trk, st)
	})
	return out, err
}

// nextStatus checks a status change of an application or feedback and
// works out the new deadline.
func (s *Submissions) nextStatus(t tracked, ch StatusChange, now time.Time) (Status, error) {
	st := Status{State: ch.State, Note: strings.TrimSpace(ch.Note), Updated: now, Extended: t.Status.Extended}
	allowed := []string{StatusAccepted, StatusCorrection, StatusExtended, StatusAnswered, StatusClosed}
	if t.Kind == submission.KindFeedback {
		allowed = []string{StatusAccepted, StatusAnswered, StatusClosed}
	}
	if !contains(allowed, ch.State) {
		return st, invalidf("%s 不能设为“%s”；可用的状态：%s", kindName(t.Kind), ch.State, strings.Join(allowed, "、"))
	}
	if ch.Outcome != "" && (ch.State != StatusAnswered || t.Kind != submission.KindApplication) {
		return st, invalidf("只有依申请公开申请的“已答复”才填写 --outcome")
	}
	if len([]rune(st.Note)) > 200 {
		return st, invalidf("备注最多 200 字")
	}
	switch ch.State {
	case StatusCorrection:
		from := ch.From
		if from.IsZero() {
			from = calendar.Today(now)
		}
		if from.Before(calendar.Today(t.Received)) {
			return st, invalidf("补正收到日期 %s 早于申请收到日期 %s", from, calendar.Today(t.Received))
		}
		s.catMu.Lock()
		st.Deadline, st.Provisional = s.cal.AddWorkingDays(from, submission.ReplyWorkingDays)
		s.catMu.Unlock()
	case StatusExtended:
		if t.Status.Extended {
			return st, invalidf("该申请已延期过一次；《政府信息公开条例》第三十三条只允许延长一次")
		}
		days := ch.WorkingDays
		if days == 0 {
			days = MaxExtension
		}
		if days < 1 || days > MaxExtension {
			return st, invalidf("延期最多 %d 个工作日（--working-days 1 到 %d）", MaxExtension, MaxExtension)
		}
		base, prov := s.deadline(t)
		s.catMu.Lock()
		st.Deadline, st.Provisional = s.cal.AddWorkingDays(base, days)
		s.catMu.Unlock()
		st.Provisional = st.Provisional || prov
		st.Extended = true
	case StatusAnswered:
		if t.Kind == submission.KindApplication {
			if ch.Outcome == "" {
				return st, invalidf("“已答复”须用 --outcome 填写办理结果代码（hub set-status --help 列出全部代码），如 1 予以公开")
			}
			if OutcomeLabel(ch.Outcome) == "" {
				return st, invalidf("未知的办理结果代码 %q；可用：%s", ch.Outcome, outcomeCodes())
			}
			st.Outcome = ch.Outcome
		}
	}
	return st, nil
}

// setSignupStatus applies 已确认, 候补 or 已取消 to a sign-up through the
// seat logic, so staff cannot overbook either.
func (s *Submissions) setSignupStatus(ctx context.Context, tx *sql.Tx, t tracked, ch StatusChange, now time.Time) (Status, error) {
	note := strings.TrimSpace(ch.Note)
	if ch.Outcome != "" {
		return Status{}, invalidf("活动报名不填写 --outcome")
	}
	switch ch.State {
	case StatusCancelled:
		if t.Seat == seatCancelled {
			return Status{}, invalidf("该报名已经取消")
		}
		if err := s.cancelSignup(ctx, tx, t.Tracking, note, now); err != nil {
			return Status{}, err
		}
	case StatusConfirmed:
		switch t.Seat {
		case seatCancelled:
			return Status{}, invalidf("已取消的报名不能恢复；请重新报名")
		case seatWaiting:
			ev, ok := s.event(t.EventID)
			if !ok {
				return Status{}, invalidf("中心目录里没有活动 %s", t.EventID)
			}
			free, err := freeSeats(ctx, tx, ev)
			if err != nil {
				return Status{}, err
			}
			if free < t.Attendees {
				return Status{}, invalidf("活动名额已满（空余 %d，需 %d）；取消其他报名后候补会按顺序自动转为确认", free, t.Attendees)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE signups SET seat = 'promoted' WHERE tracking = ?`, t.Tracking); err != nil {
				return Status{}, err
			}
		}
		if err := s.putStatus(ctx, tx, t.KioskID, t.Tracking, Status{State: StatusConfirmed, Note: note, Updated: now}); err != nil {
			return Status{}, err
		}
	case StatusWaitlist:
		if t.Seat != seatWaiting {
			return Status{}, invalidf("只有候补中的报名可设为“候补”；已确认的报名如需释放名额请设为“已取消”")
		}
		if err := s.putStatus(ctx, tx, t.KioskID, t.Tracking, Status{State: StatusWaitlist, Note: note, Updated: now}); err != nil {
			return Status{}, err
		}
	default:
		return Status{}, invalidf("活动报名的状态只能是 %s、%s 或 %s", StatusConfirmed, StatusWaitlist, StatusCancelled)
	}
	after, _, err := findTracked(ctx, tx, t.Tracking)
	return after.Status, err
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func outcomeCodes() string { return domain.OutcomeCodes() }

// kindName is a kind in Chinese.
func kindName(kind string) string {
	switch kind {
	case submission.KindApplication:
		return "依申请公开申请"
	case submission.KindFeedback:
		return "意见建议"
	case submission.KindSignup:
		return "活动报名"
	case submission.KindCancel:
		return "取消报名"
	}
	return kind
}
