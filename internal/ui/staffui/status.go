package staffui

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/printer"
	"gongkai/internal/reprint"
	"gongkai/internal/staff"
	"gongkai/internal/submission"
	"gongkai/sync/client"
	"gongkai/sync/outbox"
)

// auditShown is how many audit entries the staff screen lists.
const auditShown = 10

// snapshot is everything the staff screen shows, read off the UI
// goroutine in one go. Nothing in it is personal data.
type snapshot struct {
	queue    outbox.Stats
	queueErr error
	today    map[string]int // submissions received today by kind

	printer  string // the printer's description
	pstatus  printer.Status
	perr     error
	pending  []reprint.Failure
	pendErr  error
	audit    []staff.Entry
	auditErr error
	staff    staff.Status // who may log in: the hub's front-desk list or the shared PIN
	staffErr error

	cat    domain.CatalogueState
	catErr error
	sync   *client.Status

	free    uint64 // bytes free for the data directory
	freeErr error
}

// load reads a snapshot. The printer check is bounded on its own, so an
// unreachable network printer cannot hold the rest up for its timeout.
func (m *Mode) load(ctx context.Context) snapshot {
	var s snapshot
	now := m.app.Now()
	if ob := m.deps.Outbox; ob != nil {
		s.queue, s.queueErr = ob.Stats(ctx, now)
		s.today, s.queueErr = todayCounts(ctx, ob, now, s.queueErr)
	} else {
		s.queueErr = errors.New("no outbox")
	}
	if pr := m.deps.Printing; pr != nil {
		if p := pr.Printer(); p != nil {
			s.printer = p.Describe()
		} else {
			s.printer = "未配置打印机"
		}
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		s.pstatus, s.perr = pr.Status(pctx)
		cancel()
		s.pending, s.pendErr = pr.Pending(ctx)
	} else {
		s.printer, s.perr = "未配置打印机", errors.New("no print service")
	}
	s.audit, s.auditErr = m.deps.Staff.Recent(ctx, auditShown)
	s.staff, s.staffErr = m.deps.Staff.Status(ctx)
	s.cat, s.catErr = m.app.Catalogue().State(ctx)
	if m.deps.SyncStatus != nil {
		st := m.deps.SyncStatus()
		s.sync = &st
	}
	s.free, s.freeErr = diskFree(m.deps.DataDir)
	for _, err := range []error{s.queueErr, s.perr, s.pendErr, s.auditErr, s.staffErr, s.catErr, s.freeErr} {
		if err != nil && domain.ErrorCode(err) != printer.EPRINTER {
			m.app.Logf("staffui: status: %v", err)
		}
	}
	return s
}

// todayCounts counts the submissions received today (Beijing time) by kind.
func todayCounts(ctx context.Context, ob *outbox.Outbox, now time.Time, prev error) (map[string]int, error) {
	if prev != nil {
		return nil, prev
	}
	list, err := ob.List(ctx)
	if err != nil {
		return nil, err
	}
	today := calendar.Today(now)
	out := map[string]int{}
	for _, e := range list {
		if calendar.Today(e.Received) == today {
			out[e.Kind]++
		}
	}
	return out, nil
}

// diskFree is the space left for the data directory, as an unprivileged
// process may use it.
func diskFree(dir string) (uint64, error) {
	if dir == "" {
		return 0, errors.New("no data directory")
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", dir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// kindNames are the submission kinds as staff read them, in display order.
var kindNames = []struct{ kind, name string }{
	{submission.KindApplication, "信息公开申请"},
	{submission.KindFeedback, "意见建议"},
	{submission.KindSignup, "活动报名"},
	{submission.KindCancel, "取消报名"},
}

// queueStates are the outbox states as staff read them, in display order.
var queueStates = []struct {
	name  string
	count func(outbox.Stats) int
}{
	{"待上传", func(s outbox.Stats) int { return s.Queued }},
	{"上传中", func(s outbox.Stats) int { return s.Sending }},
	{"失败待重试", func(s outbox.Stats) int { return s.Failed }},
	{"已上传", func(s outbox.Stats) int { return s.Sent }},
	{"被拒绝", func(s outbox.Stats) int { return s.Rejected }},
}

// sourceName words the catalogue's source.
func sourceName(src string) string {
	switch src {
	case domain.SourceDemo:
		return "演示数据"
	case domain.SourceEmpty:
		return "尚未载入"
	}
	return "目录中心"
}

// stamp words a moment for staff: 今天 09:30, 03-14 17:05 or 2025-12-30 17:05.
func stamp(t, now time.Time) string {
	if t.IsZero() {
		return "从未"
	}
	t = t.In(now.Location())
	switch {
	case t.Year() != now.Year():
		return t.Format("2006-01-02 15:04")
	case t.YearDay() == now.YearDay():
		return "今天 " + t.Format("15:04")
	}
	return t.Format("01-02 15:04")
}
