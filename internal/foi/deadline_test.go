package foi_test

import (
	"testing"

	"gongkai/internal/foi"
)

// TestDeadlines works deadlines out across holidays, make-up days, a 补正
// restart, third-party pauses and an extension, against the demo
// calendar (the State Council's 2024-2026 notices). Each expected date is
// counted by hand in the comment.
func TestDeadlines(t *testing.T) {
	type op struct {
		day string
		a   foi.Actor
		act foi.Action
	}
	accept := func(day string) op {
		return op{day, registrar, foi.Action{Kind: foi.ActAccept, Dept: "办公室"}}
	}
	review := func(day string) op { return op{day, registrar, foi.Action{Kind: foi.ActReview}} }
	tests := []struct {
		name     string
		received string
		ops      []op
		today    string
		due      string
		prov     bool
		clock    string
		left     int
		overdue  bool
		soon     bool
	}{
		{
			// 09-28 (Sun) and 10-11 (Sat) are make-up working days; 10-01..10-08 off.
			name: "National Day break", received: "2025-09-26", today: "2025-09-26",
			due: "2025-10-30", clock: foi.ClockRunning, left: 20,
		},
		{
			// 02-14 (Sat) make-up, 02-15..02-23 off, 02-28 (Sat) make-up.
			name: "Spring Festival", received: "2026-02-10", today: "2026-02-10",
			due: "2026-03-16", clock: foi.ClockRunning, left: 20,
		},
		{
			name: "due soon", received: "2025-09-26", today: "2025-10-28",
			due: "2025-10-30", clock: foi.ClockRunning, left: 2, soon: true,
		},
		{
			name: "due today", received: "2025-09-26", today: "2025-10-30",
			due: "2025-10-30", clock: foi.ClockRunning, left: 0, soon: true,
		},
		{
			name: "overdue", received: "2025-09-26", today: "2025-11-03",
			due: "2025-10-30", clock: foi.ClockRunning, left: -2, overdue: true,
		},
		{
			// the clock stops while the applicant corrects
			name: "补正 waiting", received: "2025-09-26", today: "2025-10-09",
			ops:   []op{review("2025-09-29"), {"2025-09-29", registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "年份"}}},
			clock: foi.ClockStopped,
		},
		{
			// restart from 10-09: 10-10, 10-11 (make-up), 10-13..17, 10-20..24, 10-27..31, 11-03..05
			name: "补正 restart", received: "2025-09-26", today: "2025-10-09",
			ops: []op{review("2025-09-29"), {"2025-09-29", registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "年份"}},
				{"2025-10-09", registrar, foi.Action{Kind: foi.ActCorrected}}},
			due: "2025-11-05", clock: foi.ClockRunning, left: 20,
		},
		{
			// restart from 2026-02-13 across the Spring Festival: 02-14 (make-up), 02-24..27,
			// 02-28 (make-up), 03-02..06, 03-09..13, 03-16..19
			name: "补正 restart across Spring Festival", received: "2026-02-09", today: "2026-02-13",
			ops: []op{review("2026-02-09"), {"2026-02-10", registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "文号"}},
				{"2026-02-13", registrar, foi.Action{Kind: foi.ActCorrected}}},
			due: "2026-03-19", clock: foi.ClockRunning, left: 20,
		},
		{
			// sent 10-09, answered 10-20: 10-10, 10-11 (make-up), 10-13..17, 10-20 = 8 days
			// not counted; 10-30 + 8 = 10-31, 11-03..07, 11-10, 11-11
			name: "third party answered", received: "2025-09-26", today: "2025-10-20",
			ops: []op{review("2025-09-29"), accept("2025-09-29"),
				{"2025-10-09", handler, foi.Action{Kind: foi.ActConsult, Party: "某小学"}},
				{"2025-10-20", handler, foi.Action{Kind: foi.ActConsulted}}},
			due: "2025-11-11", clock: foi.ClockRunning, left: 16,
		},
		{
			// still open on 10-15: 10-10, 10-11, 10-13, 10-14, 10-15 = 5 days so far
			name: "third party still open", received: "2025-09-26", today: "2025-10-15",
			ops: []op{review("2025-09-29"), accept("2025-09-29"),
				{"2025-10-09", handler, foi.Action{Kind: foi.ActConsult, Party: "某小学"}}},
			due: "2025-11-06", clock: foi.ClockPaused, left: 16,
		},
		{
			// two consultations: 10-09..10-13 (10-10, 10-11, 10-13 = 3) and 10-20..10-22 (10-21, 10-22 = 2)
			name: "two consultations", received: "2025-09-26", today: "2025-10-22",
			ops: []op{review("2025-09-29"), accept("2025-09-29"),
				{"2025-10-09", handler, foi.Action{Kind: foi.ActConsult, Party: "甲公司"}},
				{"2025-10-13", handler, foi.Action{Kind: foi.ActConsulted}},
				{"2025-10-20", handler, foi.Action{Kind: foi.ActConsult, Party: "乙公司"}},
				{"2025-10-22", handler, foi.Action{Kind: foi.ActConsulted}}},
			due: "2025-11-06", clock: foi.ClockRunning, left: 11,
		},
		{
			// 20 + 20 = 40 working days from 09-26 (the reference example)
			name: "延期 20", received: "2025-09-26", today: "2025-10-13",
			ops: []op{review("2025-09-29"), accept("2025-09-29"),
				{"2025-10-10", handler, foi.Action{Kind: foi.ActExtend, Reason: "信息量大"}},
				{"2025-10-13", reviewer, foi.Action{Kind: foi.ActApproveExtension}}},
			due: "2025-11-27", clock: foi.ClockRunning, left: 33,
		},
		{
			// 延期 asked, not yet approved: the deadline stands
			name: "延期 pending", received: "2025-09-26", today: "2025-10-13",
			ops: []op{review("2025-09-29"), accept("2025-09-29"),
				{"2025-10-10", handler, foi.Action{Kind: foi.ActExtend, Days: 10, Reason: "信息量大"}}},
			due: "2025-10-30", clock: foi.ClockRunning, left: 13,
		},
		{
			// restart 10-09 → 11-05; consultation 10-20..10-24 (10-21..24 = 4) → 11-11;
			// 延期 10 → 11-12..14, 11-17..21, 11-24, 11-25
			name: "补正, consultation and 延期 together", received: "2025-09-26", today: "2025-10-27",
			ops: []op{review("2025-09-29"), {"2025-09-29", registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "年份"}},
				{"2025-10-09", registrar, foi.Action{Kind: foi.ActCorrected}}, accept("2025-10-09"),
				{"2025-10-20", handler, foi.Action{Kind: foi.ActConsult, Party: "某小学"}},
				{"2025-10-24", handler, foi.Action{Kind: foi.ActConsulted}},
				{"2025-10-27", handler, foi.Action{Kind: foi.ActExtend, Days: 10, Reason: "需汇总"}},
				{"2025-10-27", reviewer, foi.Action{Kind: foi.ActApproveExtension}}},
			due: "2025-11-25", clock: foi.ClockRunning, left: 21,
		},
		{
			// 2027 is not in the calendar: Jan 1 counted as a weekday, so provisional
			name: "into an unknown year", received: "2026-12-10", today: "2026-12-10",
			due: "2027-01-07", prov: true, clock: foi.ClockRunning, left: 20,
		},
		{
			name: "answered in time", received: "2025-09-26", today: "2025-12-01",
			ops: []op{review("2025-09-29"), accept("2025-09-29"),
				{"2025-10-20", handler, foi.Action{Kind: foi.ActDraft, Reply: reply("1")}},
				{"2025-10-21", reviewer, foi.Action{Kind: foi.ActSignOff}}},
			due: "2025-10-30", clock: foi.ClockDone,
		},
	}
	for _, tt := range tests {
		c := newCase(t, tt.received)
		for _, o := range tt.ops {
			c = step(t, c, o.a, o.act, o.day)
		}
		d := foi.ComputeDeadline(c, cal(t), mustDate(tt.today))
		due := ""
		if !d.Due.IsZero() {
			due = d.Due.String()
		}
		if due != tt.due || d.Provisional != tt.prov || d.Clock != tt.clock {
			t.Errorf("%s: due %q provisional %v clock %s, want %q %v %s", tt.name, due, d.Provisional, d.Clock, tt.due, tt.prov, tt.clock)
		}
		if tt.clock == foi.ClockDone || tt.clock == foi.ClockStopped {
			continue
		}
		if d.DaysLeft != tt.left || d.Overdue != tt.overdue || d.DueSoon != tt.soon {
			t.Errorf("%s on %s: left %d overdue %v soon %v, want %d %v %v", tt.name, tt.today, d.DaysLeft, d.Overdue, d.DueSoon,
				tt.left, tt.overdue, tt.soon)
		}
	}
}

// TestLateAnswer: a reply signed after the deadline is marked late.
func TestLateAnswer(t *testing.T) {
	c := step(t, newCase(t, "2025-09-26"), registrar, foi.Action{Kind: foi.ActReview}, "2025-09-29")
	c = step(t, c, registrar, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "4.1", Decision: "经检索，本机关未制作或获取该信息"}}, "2025-10-31")
	c = step(t, c, reviewer, foi.Action{Kind: foi.ActSignOff}, "2025-11-03")
	if d := foi.ComputeDeadline(c, cal(t), mustDate("2025-11-10")); !d.Late || d.Overdue || d.Clock != foi.ClockDone {
		t.Errorf("late answer: %+v", d)
	}
}
