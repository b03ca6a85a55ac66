package protocol

// The vocabulary of submissions, shared by the kiosk (forms, outbox,
// receipts, status screen, `kiosk status`) and the hub (seats, statuses,
// status page, `hub submissions`). The annual report's outcome codes that
// go with StatusAnswered are domain.Outcomes.

// Kinds of submission: a [SealedRecord]'s Kind.
const (
	KindApplication = "application" // 依申请公开 application (《条例》第二十七条)
	KindFeedback    = "feedback"    // comment, report or rating
	KindSignup      = "signup"      // event sign-up
	KindCancel      = "cancel"      // cancellation of a sign-up
)

// Kinds lists the kinds in the order staff see them counted.
var Kinds = []string{KindApplication, KindFeedback, KindSignup, KindCancel}

// KindTitle names a kind as the visitor knows it, on the kiosk's screens
// (the staff screen's counts too) and its receipts: what was handed in.
// An unknown kind is 提交事项.
func KindTitle(kind string) string {
	switch kind {
	case KindApplication:
		return "政府信息公开申请"
	case KindFeedback:
		return "意见建议"
	case KindSignup:
		return "活动报名"
	case KindCancel:
		return "取消报名"
	}
	return "提交事项"
}

// KindName names a kind as the agency's register does (《条例》's term
// for an application): in status reports that come from the register —
// the hub's public status page, `hub submissions`, the hub's messages to
// staff and `kiosk status`. An unknown kind is itself.
func KindName(kind string) string {
	switch kind {
	case KindApplication:
		return "依申请公开申请"
	case KindFeedback, KindSignup, KindCancel:
		return KindTitle(kind)
	}
	return kind
}

// Seat states of a sign-up as the kiosk decided them (a record's
// SeatState); the hub has the final word and reports it back as a status.
const (
	SeatConfirmed = "confirmed" // within the kiosk's block of seats: 已确认
	SeatWaitlist  = "waitlist"  // beyond it: 候补, promoted by the hub in order
)

// SeatLabel is what a sign-up's seat state means to the visitor, on the
// receipt and the status screen.
func SeatLabel(state string) string {
	switch state {
	case SeatConfirmed:
		return StatusConfirmed
	case SeatWaitlist:
		return StatusWaitlist
	}
	return "已登记，待确认"
}

// Statuses the hub reports for a tracking number ([StatusReport].State).
// Staff give applications the first five (feedback uses 已受理, 已答复 and
// 已办结); the seat rules give sign-ups the last three.
const (
	StatusAccepted   = "已受理"
	StatusCorrection = "需补正" // 《条例》第三十条: the clock restarts from the corrected application
	StatusExtended   = "已延期" // 第三十三条: once, by at most 20 working days
	StatusAnswered   = "已答复" // with an outcome code (domain.Outcomes)
	StatusClosed     = "已办结"

	StatusConfirmed = "已确认"
	StatusWaitlist  = "候补"
	StatusCancelled = "已取消"
)
