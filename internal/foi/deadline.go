package foi

import "gongkai/internal/calendar"

// Statutory periods in working days.
const (
	ReplyDays        = 20 // Art. 33: the reply, from the day after receipt
	MaxExtensionDays = 20 // Art. 33: one extension of at most this
	CorrectionWindow = 7  // Art. 30: the 补正 notice, within this of receipt
	// DefaultCorrectionDays is the time given for a correction when staff
	// do not choose one.
	DefaultCorrectionDays = 15
	MaxCorrectionDays     = 30
	// DueSoonDays marks cases due within this many working days.
	DueSoonDays = 5
)

// Clock states of a case's reply deadline.
const (
	ClockRunning = "计时中"
	ClockPaused  = "暂停计时" // 征求意见: the days do not count (Art. 32)
	ClockStopped = "待补正"  // the clock restarts from the corrected application (Art. 30)
	ClockDone    = "已答复"
)

// Deadline is a case's reply deadline as the calendar gives it today.
type Deadline struct {
	Due         calendar.Date // zero while the clock is stopped for 补正
	Provisional bool          // Due crosses a year the calendar does not hold
	Clock       string
	// DaysLeft is the working days from today to Due: 0 due today,
	// negative when overdue. Meaningless once the clock is done.
	DaysLeft int
	Overdue  bool // today is past Due and no reply is signed
	DueSoon  bool // open and due within DueSoonDays working days
	Late     bool // answered after Due
	Paused   int  // working days not counted (consultations)
	Start    calendar.Date
}

// ComputeDeadline works out c's deadline on day today: 20 working days
// from the receipt (or from the corrected application), plus the working
// days spent consulting third parties (up to today for a consultation
// still open), plus an approved extension.
func ComputeDeadline(c *Case, cal *calendar.Calendar, today calendar.Date) Deadline {
	d := Deadline{Start: c.Received, Clock: ClockRunning}
	if c.Correction != nil {
		switch {
		case !c.Correction.Received.IsZero():
			d.Start = c.Correction.Received
		case c.Correction.Lapsed:
			// closed as 逾期不补正: no reply deadline ever ran again
			d.Clock = ClockDone
			return d
		default:
			d.Clock = ClockStopped
			return d
		}
	}
	end := today
	if c.Answered() {
		end = c.Reply.Signed
	}
	var prov bool
	for _, k := range c.Consultations {
		back := k.Back
		if back.IsZero() {
			back = end
			d.Clock = ClockPaused
		}
		n, p := cal.WorkingDaysBetween(k.Sent, back)
		d.Paused += n
		prov = prov || p
	}
	days := ReplyDays + d.Paused
	if c.Extension.Granted() {
		days += c.Extension.Days
	}
	d.Due, d.Provisional = cal.AddWorkingDays(d.Start, days)
	d.Provisional = d.Provisional || prov
	if c.Answered() {
		d.Clock = ClockDone
		d.Late = c.Reply.Signed.After(d.Due)
		return d
	}
	d.DaysLeft = WorkingDaysLeft(cal, today, d.Due)
	d.Overdue = today.After(d.Due)
	d.DueSoon = !d.Overdue && d.DaysLeft <= DueSoonDays
	return d
}

// WorkingDaysLeft counts the working days after today up to due, negative
// (the working days after due up to today) when due has passed.
func WorkingDaysLeft(cal *calendar.Calendar, today, due calendar.Date) int {
	if due.Before(today) {
		n, _ := cal.WorkingDaysBetween(due, today)
		return -n
	}
	n, _ := cal.WorkingDaysBetween(today, due)
	return n
}
