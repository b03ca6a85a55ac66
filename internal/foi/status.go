package foi

import (
	"context"
	"encoding/json"

	"gongkai/internal/calendar"
)

// Kiosk-facing states: the words the kiosk's 办理进度查询 and the public
// status page already know (sync/hub).
const (
	PublicAccepted   = "已受理"
	PublicCorrection = "需补正"
	PublicExtended   = "已延期"
	PublicAnswered   = "已答复"
	PublicClosed     = "已办结"
)

// PublicStatus is what the applicant may see of a case through the kiosk
// and the status page: a state, the outcome, the deadline and a fixed
// phrase. Never a name, a number that identifies a person, or an internal
// note.
type PublicStatus struct {
	State       string        `json:"state"`
	Outcome     string        `json:"outcome,omitempty"`
	Deadline    calendar.Date `json:"deadline,omitzero"` // zero: the one shown stands
	Provisional bool          `json:"provisional,omitempty"`
	Extended    bool          `json:"extended,omitempty"`
	Note        string        `json:"note,omitempty"`
}

// StatusSink carries public statuses to the kiosk that issued the
// tracking number and to the public status page. foihub.Sink writes them
// into the hub's status feed.
type StatusSink interface {
	Publish(ctx context.Context, tracking string, st PublicStatus) error
}

// PublicStatusOf is the public status of c with deadline dl, and false
// when there is none to show: desk registrations (no kiosk tracking
// number) and kiosk cases not yet accepted, which the kiosk shows as
// submitted and waiting.
func PublicStatusOf(c *Case, dl Deadline) (PublicStatus, bool) {
	if c.Tracking == "" || c.Channel != ChannelKiosk {
		return PublicStatus{}, false
	}
	if c.Answered() {
		st := PublicStatus{State: PublicAnswered, Outcome: c.Reply.Outcome, Note: "答复书已签发"}
		switch {
		case c.Stage == StageArchived:
			st.State, st.Note = PublicClosed, ""
		case c.Delivery != nil:
			st.Note = "答复书已于" + c.Delivery.Date.String() + "送达"
		}
		return st, true
	}
	running := PublicStatus{State: PublicAccepted, Deadline: dl.Due, Provisional: dl.Provisional}
	if c.Extension.Granted() {
		running.State, running.Extended, running.Note = PublicExtended, true, "经批准延长答复期限"
	}
	if c.openConsultation() != nil {
		running.Deadline, running.Provisional = calendar.Date{}, false
		running.Note = "正在征求第三方意见，征求意见期间不计入答复期限"
	}
	switch c.Stage {
	case StageRegistered, StageReview:
		if c.Correction == nil || c.Correction.Received.IsZero() {
			return PublicStatus{}, false
		}
		running.Note = "已收到补正，答复期限自" + c.Correction.Received.String() + "起重新计算"
		return running, true
	case StageCorrection:
		return PublicStatus{State: PublicCorrection,
			Note: "请按补正告知书于" + c.Correction.Due.String() + "前补正；答复期限自收到补正之日起重新计算"}, true
	case StageReply:
		if c.Reply.Outcome == "6.1" {
			return PublicStatus{State: PublicCorrection, Note: "补正期限已届满"}, true
		}
	}
	return running, true
}

// encodePublic is the stored form of a public status ("" for none).
func encodePublic(st PublicStatus, ok bool) string {
	if !ok {
		return ""
	}
	b, _ := json.Marshal(st)
	return string(b)
}
