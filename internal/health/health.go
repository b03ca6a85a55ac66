// Package health reads what staff check on a kiosk: the submission queue
// and today's submissions, the printer and the receipts waiting for a
// reprint, the catalogue and the background sync, the free disk space
// and the latest audit entries. The staff screen and `kiosk health` show
// the same Report. Nothing in it is personal data.
package health

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/datadir"
	"gongkai/internal/domain"
	"gongkai/internal/printer"
	"gongkai/internal/reprint"
	"gongkai/internal/staff"
	"gongkai/sync/client"
	"gongkai/sync/outbox"
)

// AuditShown is how many audit entries a Report carries.
const AuditShown = 10

// PrinterTimeout bounds the printer check on its own, so an unreachable
// network printer cannot hold the rest of the report up for its timeout.
const PrinterTimeout = 5 * time.Second

// Service reads Reports. A nil source reports its part as an error.
type Service struct {
	Outbox    *outbox.Outbox
	Printing  *reprint.Service
	Staff     *staff.Staff
	Catalogue interface {
		State(ctx context.Context) (domain.CatalogueState, error)
	}
	SyncStatus func() client.Status // the background worker's; nil when none runs
	DataDir    string
	Now        func() time.Time
}

// Report is one reading, each part with its own error.
type Report struct {
	Queue    outbox.Stats
	QueueErr error
	Today    map[string]int // submissions received today (Beijing time) by kind

	Printer       string // the printer's description, or 未配置打印机
	PrinterStatus printer.Status
	PrinterErr    error
	Pending       []reprint.Failure // receipts waiting for a reprint
	PendingErr    error

	Audit    []staff.Entry // the newest AuditShown entries, newest first
	AuditErr error
	Staff    staff.Status // who may log in: the hub's front-desk list or the shared PIN
	StaffErr error

	Catalogue    domain.CatalogueState
	CatalogueErr error
	Sync         *client.Status // nil when no worker runs

	Free    uint64 // bytes free for the data directory
	FreeErr error
}

// Errors returns the parts that could not be read, for the log; a
// printer that is merely not ready (printer.EPRINTER) is not one.
func (r Report) Errors() []error {
	var out []error
	for _, err := range []error{r.QueueErr, r.PrinterErr, r.PendingErr, r.AuditErr, r.StaffErr, r.CatalogueErr, r.FreeErr} {
		if err != nil && domain.ErrorCode(err) != printer.EPRINTER {
			out = append(out, err)
		}
	}
	return out
}

// Read takes a Report.
func (s *Service) Read(ctx context.Context) Report {
	var r Report
	now := s.Now()
	if ob := s.Outbox; ob != nil {
		r.Queue, r.QueueErr = ob.Stats(ctx, now)
		r.Today, r.QueueErr = todayCounts(ctx, ob, now, r.QueueErr)
	} else {
		r.QueueErr = errors.New("no outbox")
	}
	if pr := s.Printing; pr != nil {
		if p := pr.Printer(); p != nil {
			r.Printer = p.Describe()
		} else {
			r.Printer = "未配置打印机"
		}
		pctx, cancel := context.WithTimeout(ctx, PrinterTimeout)
		r.PrinterStatus, r.PrinterErr = pr.Status(pctx)
		cancel()
		r.Pending, r.PendingErr = pr.Pending(ctx)
	} else {
		r.Printer, r.PrinterErr = "未配置打印机", errors.New("no print service")
	}
	if s.Staff != nil {
		r.Audit, r.AuditErr = s.Staff.Recent(ctx, AuditShown)
		r.Staff, r.StaffErr = s.Staff.Status(ctx)
	} else {
		r.AuditErr = errors.New("no audit log")
	}
	if s.Catalogue != nil {
		r.Catalogue, r.CatalogueErr = s.Catalogue.State(ctx)
	} else {
		r.CatalogueErr = errors.New("no catalogue")
	}
	if s.SyncStatus != nil {
		st := s.SyncStatus()
		r.Sync = &st
	}
	r.Free, r.FreeErr = datadir.Free(s.DataDir)
	return r
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

// QueueStates are the outbox states as staff read them, in display order.
var QueueStates = []struct {
	Name  string
	Count func(outbox.Stats) int
}{
	{"待上传", func(s outbox.Stats) int { return s.Queued }},
	{"上传中", func(s outbox.Stats) int { return s.Sending }},
	{"失败待重试", func(s outbox.Stats) int { return s.Failed }},
	{"已上传", func(s outbox.Stats) int { return s.Sent }},
	{"被拒绝", func(s outbox.Stats) int { return s.Rejected }},
}

// sourceNames word the catalogue's sources but the hub's.
var sourceNames = map[string]string{domain.SourceDemo: "演示数据", domain.SourceEmpty: "尚未载入"}

// SourceName words the catalogue's source.
func SourceName(src string) string {
	return cmp.Or(sourceNames[src], "目录中心")
}

// Bytes words a byte count of free disk space.
func Bytes(n uint64) string {
	const gb = 1 << 30
	if n >= gb {
		return fmt.Sprintf("%.1f GB", float64(n)/gb)
	}
	return fmt.Sprintf("%d MB", n>>20)
}
