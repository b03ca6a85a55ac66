package publish

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/domain"
	"gongkai/internal/submission"
	"gongkai/internal/tracking"
)

// Seat states of a sign-up as staff see them.
const (
	SeatConfirmed = "已确认"
	SeatWaiting   = "候补"
	SeatCancelled = "已取消"
)

// Signup is one event sign-up a kiosk sealed, opened at the hub, with its
// seat as the hub's seat rules gave it. It holds personal data (name,
// mobile): for the staff pages and the roster only.
type Signup struct {
	Tracking string
	KioskID  string
	Received time.Time
	submission.Signup
	Seat  string // SeatConfirmed, SeatWaiting or SeatCancelled
	Note  string // the status note the kiosk shows
	Error string // why it could not be opened
	// CheckedIn is when the sign-up was checked in at the door (zero
	// before).
	CheckedIn   time.Time
	CheckedInBy string
}

// SeatSummary is an event's seats.
type SeatSummary struct {
	Capacity  int
	Confirmed int // people confirmed (by a kiosk's block or promoted)
	Waiting   int // people waiting
	Blocks    int // seats kiosks hold for sign-ups to come
	Free      int
}

// Seats is the hub's sign-ups and seat rules (publish/pubhub over
// sync/hub.Submissions). The desk never sets a seat itself.
type Seats interface {
	Signups(ctx context.Context, eventID string) ([]Signup, error)
	Summary(ctx context.Context, eventID string) (SeatSummary, error)
	// Promote runs the hub's waitlist rule now; it returns how many
	// sign-ups it confirmed.
	Promote(ctx context.Context, eventID string) (int, error)
	// Cancel cancels a sign-up through the hub's rules (its seats go to
	// the waitlist), telling its kiosk with note.
	Cancel(ctx context.Context, tracking, note string) error
	// Verify checks a sign-up's verification code.
	Verify(ctx context.Context, tracking, code string) (bool, error)
}

// CheckIn is one sign-up checked in at the door.
type CheckIn struct {
	Tracking, EventID, By string
	At                    time.Time
}

// Event phases.
const (
	EventComing = "报名中"
	EventOn     = "进行中"
	EventOver   = "已结束"
)

// EventView is an event with its seats and sign-ups.
type EventView struct {
	E         domain.Event
	Phase     string
	Seats     SeatSummary
	Signups   []Signup
	CheckedIn int // people checked in
	Feedback  *Entry
}

func eventPhase(e domain.Event, now time.Time) string {
	switch {
	case now.Before(e.Start):
		return EventComing
	case now.Before(e.End):
		return EventOn
	}
	return EventOver
}

// Events lists the catalogue's events, latest first, with their seats.
func (s *Service) Events(ctx context.Context) ([]EventView, error) {
	return each(ctx, s, func(sn *snapshot) []domain.Event { return sn.events },
		func(sn *snapshot, e domain.Event) (EventView, error) {
			v, err := s.eventView(ctx, sn, e)
			if err != nil {
				return EventView{}, err
			}
			return *v, nil
		})
}

// Event returns one event with its sign-ups.
func (s *Service) Event(ctx context.Context, id string) (*EventView, error) {
	sn, e, err := lookup(ctx, s, (*snapshot).event, "活动", id)
	if err != nil {
		return nil, err
	}
	return s.eventView(ctx, sn, e)
}

func (s *Service) eventView(ctx context.Context, sn *snapshot, e domain.Event) (*EventView, error) {
	v := &EventView{E: e, Phase: eventPhase(e, s.now())}
	var err error
	if v.Seats, err = s.Seats.Summary(ctx, e.ID); err != nil {
		return nil, err
	}
	if v.Signups, err = s.Seats.Signups(ctx, e.ID); err != nil {
		return nil, err
	}
	cis, err := s.Store.CheckIns(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	byTrk := map[string]CheckIn{}
	for _, c := range cis {
		byTrk[c.Tracking] = c
	}
	for i := range v.Signups {
		if c, ok := byTrk[v.Signups[i].Tracking]; ok {
			v.Signups[i].CheckedIn, v.Signups[i].CheckedInBy = c.At, c.By
			v.CheckedIn += v.Signups[i].Attendees
		}
	}
	fid := e.FeedbackID
	if fid == "" {
		fid, _ = s.Store.LinkedDocument(ctx, domain.KindEvent, e.ID)
	}
	if fid != "" {
		v.Feedback, _ = sn.entry(fid)
	}
	return v, nil
}

// SaveEvent checks an event by the catalogue's rules and publishes it.
// Its capacity may not fall below the seats the hub has already promised
// (confirmed sign-ups and the blocks kiosks hold); a larger capacity
// promotes the waitlist at once, by the hub's rule. It returns the id.
func (s *Service) SaveEvent(ctx context.Context, a Actor, orig string, e domain.Event) (string, error) {
	sn, err := s.loadFor(ctx, a.mayPublish(), errPublish)
	if err != nil {
		return "", err
	}
	if orig != "" {
		old, ok := sn.event(orig)
		if !ok {
			return "", notFound("活动 " + orig)
		}
		e.ID, e.FeedbackID = orig, old.FeedbackID
		seats, err := s.Seats.Summary(ctx, orig)
		if err != nil {
			return "", err
		}
		if held := seats.Confirmed + seats.Blocks; e.Capacity > 0 && e.Capacity < held {
			return "", fieldErrors([]catalog.FieldProblem{{Key: "capacity", Message: fmt.Sprintf(
				"已确认 %d 人、终端预留 %d 个名额，名额不能少于 %d；如需减少，请先取消部分报名", seats.Confirmed, seats.Blocks, held)}})
		}
	} else {
		if e.ID == "" {
			e.ID = "hd-" + newID(s.now().Format("20060102"))[4:]
		}
		if _, dup := sn.event(e.ID); dup {
			return "", fieldErrors([]catalog.FieldProblem{{Key: "id", Message: "活动 id " + e.ID + " 已被使用"}})
		}
	}
	if err := fieldErrors(catalog.CheckEvent(&e, catalog.Refs{Document: func(id string) bool { return sn.live[id] != nil }})); err != nil {
		return "", err
	}
	p, err := s.Catalogue.Publish(ctx, []domain.Object{object(domain.KindEvent, e.ID, e)}, nil)
	if err != nil {
		return "", err
	}
	if orig != "" {
		if _, err := s.Seats.Promote(ctx, e.ID); err != nil {
			return "", err
		}
	}
	action := "发布活动"
	if orig != "" {
		action = "修改活动"
	}
	return e.ID, s.audit(ctx, a, action, e.ID, fmt.Sprintf("%s；名额 %d；目录版本 %d", e.Title, e.Capacity, p.To))
}

// Promote confirms waiting sign-ups by the hub's rule (in order of
// receipt, while free seats cover the next).
func (s *Service) Promote(ctx context.Context, a Actor, eventID string) (int, error) {
	if !a.mayWrite() {
		return 0, errWrite
	}
	n, err := s.Seats.Promote(ctx, eventID)
	if err != nil {
		return 0, err
	}
	return n, s.audit(ctx, a, "候补递补", eventID, fmt.Sprintf("确认 %d 人", n))
}

// CancelSignup cancels a sign-up for its holder (who called, say), with
// the reason shown at their kiosk; the hub's rules hand the seats on.
func (s *Service) CancelSignup(ctx context.Context, a Actor, eventID, trk, reason string) error {
	if !a.mayWrite() {
		return errWrite
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fieldErrors([]catalog.FieldProblem{{Key: "reason", Message: "请填写取消原因（显示在群众的办理进度中）"}})
	}
	if msg := catalog.CheckText("取消原因", reason, MaxReply); msg != "" {
		return fieldErrors([]catalog.FieldProblem{{Key: "reason", Message: msg}})
	}
	if _, err := s.signup(ctx, eventID, trk); err != nil {
		return err
	}
	if err := s.Seats.Cancel(ctx, trk, reason); err != nil {
		return err
	}
	return s.audit(ctx, a, "取消活动报名", eventID, trk+"；"+reason)
}

func (s *Service) signup(ctx context.Context, eventID, trk string) (*Signup, error) {
	sus, err := s.Seats.Signups(ctx, eventID)
	if err != nil {
		return nil, err
	}
	for i := range sus {
		if sus[i].Tracking == trk {
			return &sus[i], nil
		}
	}
	return nil, notFound("该活动的报名 " + trk)
}

// CheckInResult says what a scan at the door did.
type CheckInResult struct {
	Signup  Signup
	Already bool      // it had been checked in before, at At
	At      time.Time // when it was checked in
}

// errBadCode answers a number and code that do not match, or a number
// that is not a sign-up of this event, alike.
var errBadCode = &domain.Error{Code: domain.ENOTFOUND, Message: "受理编号或验证码不正确，或不是本活动的报名。请核对回执后重试。"}

// ParseScan reads what the door's scanner or a member of staff typed: the
// receipt's QR code (its status URL, …/s/TRACKING?c=CODE) or the tracking
// number and the verification code separated by a space.
func ParseScan(in string) (trk, code string, ok bool) {
	in = strings.TrimSpace(in)
	if i := strings.Index(in, "/s/"); i >= 0 {
		u, err := url.Parse(in[i:])
		if err != nil {
			return "", "", false
		}
		trk, code = strings.TrimPrefix(u.Path, "/s/"), u.Query().Get("c")
	} else {
		f := strings.Fields(in)
		if len(f) < 2 {
			return "", "", false
		}
		trk, code = f[0], strings.Join(f[1:], "") // the code as printed, in groups: 4829 1375
	}
	n, err := tracking.Parse(trk)
	if err != nil || code == "" {
		return "", "", false
	}
	return n.String(), code, true
}

// CheckIn marks a confirmed sign-up of the event 已签到 from what was
// scanned or typed at the door; a second scan says when it was used.
// Anyone working in the console, the front desk included, may check in.
func (s *Service) CheckIn(ctx context.Context, a Actor, eventID, scanned string) (*CheckInResult, error) {
	if a.Role == "" {
		return nil, errWrite
	}
	trk, code, ok := ParseScan(scanned)
	if !ok {
		return nil, invalidf("没有识别出受理编号和验证码：请扫描报名回执上的二维码，或输入“受理编号 验证码”（中间空一格）")
	}
	good, err := s.Seats.Verify(ctx, trk, code)
	if err != nil {
		return nil, err
	}
	if !good {
		return nil, errBadCode
	}
	su, err := s.signup(ctx, eventID, trk)
	if isNotFound(err) {
		return nil, errBadCode
	} else if err != nil {
		return nil, err
	}
	switch su.Seat {
	case SeatWaiting:
		return nil, invalidf("该报名仍在候补中，未获得名额，不能签到")
	case SeatCancelled:
		return nil, invalidf("该报名已取消，不能签到")
	}
	ci, fresh, err := s.Store.CheckIn(ctx, CheckIn{Tracking: trk, EventID: eventID, By: a.Login, At: s.now()})
	if err != nil {
		return nil, err
	}
	res := &CheckInResult{Signup: *su, Already: !fresh, At: ci.At}
	if fresh {
		err = s.audit(ctx, a, "活动签到", eventID, trk)
	}
	return res, err
}

// Roster returns the confirmed sign-ups of an event for the door list,
// by name.
func (s *Service) Roster(ctx context.Context, eventID string) (*EventView, []Signup, error) {
	v, err := s.Event(ctx, eventID)
	if err != nil {
		return nil, nil, err
	}
	var out []Signup
	for _, su := range v.Signups {
		if su.Seat == SeatConfirmed {
			out = append(out, su)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return v, out, nil
}

// DraftEventFeedback writes, after an event, the 意见建议 collected there
// and the agency's response as a draft document in category; published,
// it is linked to the event as a consultation's feedback is.
func (s *Service) DraftEventFeedback(ctx context.Context, a Actor, eventID, collected, response, categoryID string) (*Entry, error) {
	if !a.mayWrite() {
		return nil, errWrite
	}
	v, err := s.Event(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if v.Phase != EventOver {
		return nil, invalidf("活动结束后才能发布意见建议及回应")
	}
	if v.Feedback != nil {
		return nil, invalidf("已有意见建议及回应文件 %s，请在该文件中修改", v.Feedback.Doc.ID)
	}
	collected, response = strings.TrimSpace(collected), strings.TrimSpace(response)
	if collected == "" || response == "" {
		return nil, fieldErrors([]catalog.FieldProblem{{Key: "collected", Message: "请填写收集到的意见建议和对它们的回应"}})
	}
	start := v.E.Start.In(calendar.Beijing)
	var b strings.Builder
	fmt.Fprintf(&b, "%d年%d月%d日，%s在%s举行，%d 人到场参加。现将活动中收集到的意见建议及办理回应情况公布如下。\n\n",
		start.Year(), int(start.Month()), start.Day(), v.E.Title, v.E.Place, v.CheckedIn)
	b.WriteString("## 一、收集到的意见建议\n\n")
	for _, line := range strings.Split(collected, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			b.WriteString("- " + catalog.EscapeMarkdown(line) + "\n")
		}
	}
	b.WriteString("\n## 二、回应情况\n\n")
	for _, p := range strings.Split(response, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString(catalog.EscapeMarkdown(p) + "\n\n")
		}
	}
	doc := domain.Document{ID: eventID + "-fk", Title: v.E.Title + "意见建议及回应情况", CategoryID: categoryID,
		Published: calendar.Today(s.now()).String(), Keywords: []string{"公众参与", "意见建议"}}
	return s.saveLinked(ctx, a, Input{Doc: doc, Source: b.String()}, domain.KindEvent, eventID)
}
