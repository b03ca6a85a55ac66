package submission

import (
	"strconv"
	"time"

	"gongkai/internal/tracking"
	"gongkai/internal/validate"
	"gongkai/sync/protocol"
)

// Signup is an event sign-up (公众参与活动报名).
type Signup struct {
	EventID       string `json:"event_id"`
	Name          string `json:"name"`
	Mobile        string `json:"mobile"`
	Attendees     int    `json:"attendees"` // people coming, 1..the event's MaxAttendees
	TermsAccepted bool   `json:"terms_accepted"`
}

// Kind returns KindSignup.
func (s *Signup) Kind() string { return protocol.KindSignup }

// Normalize tidies text (validate.NormalizeFields); no attendee count
// means one person.
func (s *Signup) Normalize() {
	validate.NormalizeFields(s)
	s.Mobile = validate.NormalizeMobile(s.Mobile)
	if s.Attendees == 0 {
		s.Attendees = 1
	}
}

// Validate checks the sign-up against the event: it must exist and not
// have started, the number of attendees must be allowed, and the terms
// accepted.
func (s *Signup) Validate(now time.Time, lk Lookups) error {
	fe := validate.FieldErrors{}
	fe.CheckText(s)
	ev, ok := lk.Event(s.EventID)
	switch {
	case s.EventID == "":
		fe.Add("event_id", invalid("请选择要报名的活动"))
	case !ok:
		fe.Add("event_id", invalid("该活动不存在或已下线，请重新选择"))
	case !now.Before(ev.Start):
		fe.Add("event_id", invalid("该活动已开始，不能再报名"))
	}
	fe.Add("name", required("姓名", s.Name, maxName))
	fe.Add("mobile", validate.Mobile(s.Mobile))
	max := 1
	if ok && ev.MaxAttendees > 1 {
		max = ev.MaxAttendees
	}
	switch {
	case s.Attendees < 1:
		fe.Add("attendees", invalid("参加人数至少为1人"))
	case s.Attendees > max:
		fe.Add("attendees", invalid("该活动每次报名最多"+strconv.Itoa(max)+"人"))
	}
	if !s.TermsAccepted {
		fe.Add("terms_accepted", invalid("请阅读并同意报名须知"))
	}
	return fe.Err()
}

// Cancel withdraws a sign-up, proven by its tracking number and
// verification code.
type Cancel struct {
	Tracking string `json:"tracking_number"`
	Code     string `json:"verification_code"`
}

// Kind returns KindCancel.
func (c *Cancel) Kind() string { return protocol.KindCancel }

// Normalize tidies text (validate.NormalizeFields) and puts the tracking
// number in its printed form and the code in upper case.
func (c *Cancel) Normalize() {
	validate.NormalizeFields(c)
	if n, err := tracking.Parse(c.Tracking); err == nil {
		c.Tracking = n.String()
	}
	c.Code = tracking.NormalizeCode(c.Code)
}

// Validate checks the shapes of the tracking number and code; whether
// they match a sign-up is the Service's and the hub's business.
func (c *Cancel) Validate(time.Time, Lookups) error {
	fe := validate.FieldErrors{}
	fe.CheckText(c)
	if _, err := tracking.Parse(c.Tracking); err != nil {
		fe.Add("tracking_number", err)
	}
	fe.Add("verification_code", tracking.CheckCode(c.Code))
	return fe.Err()
}
