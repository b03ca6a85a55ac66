package hub

import (
	"context"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/submission"
	"gongkai/internal/tracking"
	"gongkai/sync/protocol"
)

// MaxExtension is the longest extension of a reply deadline, in working
// days (Art. 33).
const MaxExtension = 20

// deadline returns the reply deadline in force: the latest one staff set,
// else the kiosk's, recomputed with the hub's calendar when the kiosk's
// was only provisional.
func (s *Submissions) deadline(t TrackedRecord) (calendar.Date, bool) {
	if !t.Status.Deadline.IsZero() {
		return t.Status.Deadline, t.Status.Provisional
	}
	if t.Kind != protocol.KindApplication {
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
	Outcome string // 已答复: a domain.Outcomes code
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
func (s *Submissions) SetStatus(ctx context.Context, trk string, ch StatusChange) (protocol.StatusReport, error) {
	n, err := tracking.Parse(trk)
	if err != nil {
		return protocol.StatusReport{}, err
	}
	trk = n.String()
	if err := s.refreshCatalogue(ctx); err != nil {
		return protocol.StatusReport{}, err
	}
	now := s.hub.Now().UTC()
	var out protocol.StatusReport
	err = s.store.Update(ctx, func(tx SubmissionTx) error {
		t, ok, err := tx.Tracked(ctx, trk)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.ENOTFOUND, "中心没有受理编号 %s 的提交（可能尚未从终端上传）", trk)
		}
		if t.Kind == protocol.KindSignup {
			out, err = s.setSignupStatus(ctx, tx, t, ch, now)
			return err
		}
		st, err := s.nextStatus(t, ch, now)
		if err != nil {
			return err
		}
		out = st
		return tx.PutStatus(ctx, t.KioskID, trk, st)
	})
	return out, err
}

// nextStatus checks a status change of an application or feedback and
// works out the new deadline.
func (s *Submissions) nextStatus(t TrackedRecord, ch StatusChange, now time.Time) (protocol.StatusReport, error) {
	st := protocol.StatusReport{State: ch.State, Note: strings.TrimSpace(ch.Note), Updated: now, Extended: t.Status.Extended}
	allowed := []string{protocol.StatusAccepted, protocol.StatusCorrection, protocol.StatusExtended, protocol.StatusAnswered, protocol.StatusClosed}
	if t.Kind == protocol.KindFeedback {
		allowed = []string{protocol.StatusAccepted, protocol.StatusAnswered, protocol.StatusClosed}
	}
	if !contains(allowed, ch.State) {
		return st, invalidf("%s 不能设为“%s”；可用的状态：%s", protocol.KindName(t.Kind), ch.State, strings.Join(allowed, "、"))
	}
	if ch.Outcome != "" && (ch.State != protocol.StatusAnswered || t.Kind != protocol.KindApplication) {
		return st, invalidf("只有依申请公开申请的“已答复”才填写 --outcome")
	}
	if len([]rune(st.Note)) > 200 {
		return st, invalidf("备注最多 200 字")
	}
	switch ch.State {
	case protocol.StatusCorrection:
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
	case protocol.StatusExtended:
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
	case protocol.StatusAnswered:
		if t.Kind == protocol.KindApplication {
			if ch.Outcome == "" {
				return st, invalidf("“已答复”须用 --outcome 填写办理结果代码（hub set-status --help 列出全部代码），如 1 予以公开")
			}
			if domain.OutcomeLabel(ch.Outcome) == "" {
				return st, invalidf("未知的办理结果代码 %q；可用：%s", ch.Outcome, outcomeCodes())
			}
			st.Outcome = ch.Outcome
		}
	}
	return st, nil
}

// setSignupStatus applies 已确认, 候补 or 已取消 to a sign-up through the
// seat logic, so staff cannot overbook either.
func (s *Submissions) setSignupStatus(ctx context.Context, tx SubmissionTx, t TrackedRecord, ch StatusChange, now time.Time) (protocol.StatusReport, error) {
	note := strings.TrimSpace(ch.Note)
	if ch.Outcome != "" {
		return protocol.StatusReport{}, invalidf("活动报名不填写 --outcome")
	}
	switch ch.State {
	case protocol.StatusCancelled:
		if t.Seat == seatCancelled {
			return protocol.StatusReport{}, invalidf("该报名已经取消")
		}
		if err := s.cancelSignup(ctx, tx, t.Tracking, note, now); err != nil {
			return protocol.StatusReport{}, err
		}
	case protocol.StatusConfirmed:
		switch t.Seat {
		case seatCancelled:
			return protocol.StatusReport{}, invalidf("已取消的报名不能恢复；请重新报名")
		case seatWaiting:
			ev, ok := s.event(t.EventID)
			if !ok {
				return protocol.StatusReport{}, invalidf("中心目录里没有活动 %s", t.EventID)
			}
			free, err := freeSeats(ctx, tx, ev)
			if err != nil {
				return protocol.StatusReport{}, err
			}
			if free < t.Attendees {
				return protocol.StatusReport{}, invalidf("活动名额已满（空余 %d，需 %d）；取消其他报名后候补会按顺序自动转为确认", free, t.Attendees)
			}
			if err := tx.SetSeat(ctx, t.Tracking, seatPromoted); err != nil {
				return protocol.StatusReport{}, err
			}
		}
		if err := tx.PutStatus(ctx, t.KioskID, t.Tracking, protocol.StatusReport{State: protocol.StatusConfirmed, Note: note, Updated: now}); err != nil {
			return protocol.StatusReport{}, err
		}
	case protocol.StatusWaitlist:
		if t.Seat != seatWaiting {
			return protocol.StatusReport{}, invalidf("只有候补中的报名可设为“候补”；已确认的报名如需释放名额请设为“已取消”")
		}
		if err := tx.PutStatus(ctx, t.KioskID, t.Tracking, protocol.StatusReport{State: protocol.StatusWaitlist, Note: note, Updated: now}); err != nil {
			return protocol.StatusReport{}, err
		}
	default:
		return protocol.StatusReport{}, invalidf("活动报名的状态只能是 %s、%s 或 %s", protocol.StatusConfirmed, protocol.StatusWaitlist, protocol.StatusCancelled)
	}
	after, _, err := tx.Tracked(ctx, t.Tracking)
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
