package hub

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"gongkai/sync/protocol"
)

// Thresholds of the warnings staff see on a kiosk (the console's 终端
// page and `hub kiosks`).
const (
	// DefaultStale is how long a kiosk may go without contacting the hub
	// before it is flagged, unless the agency sets another time.
	DefaultStale = 2 * time.Hour
	// LowDisk is the free disk below which a kiosk is flagged.
	LowDisk = 1 << 30
	// StuckQueue is how old the oldest unsent submission may be before a
	// kiosk is flagged.
	StuckQueue = 24 * time.Hour
)

// KioskView is a kiosk as staff see it: its record and last report, how
// far its catalogue is behind, its device key's fingerprint and what
// needs attention.
type KioskView struct {
	Kiosk
	Behind      int64  // catalogue versions behind the hub's head
	DeviceKeyID string // protocol.Fingerprint of its device key, "" if none
	Call        *Call  // a visitor's 呼叫工作人员 not yet handled, nil if none
	Warnings    []string
}

// KioskWarnings says what needs attention on kiosk k at now: not seen for
// longer than stale, its printer out of paper or offline, its disk nearly
// full, submissions waiting too long to reach the hub. A revoked kiosk
// has none: it is out of service.
func KioskWarnings(k Kiosk, now time.Time, stale time.Duration) []string {
	if !k.Revoked.IsZero() {
		return nil
	}
	var out []string
	switch {
	case k.LastSeen.IsZero() && now.Sub(k.Enrolled) > stale:
		out = append(out, "注册后从未联系中心")
	case !k.LastSeen.IsZero() && now.Sub(k.LastSeen) > stale:
		out = append(out, fmt.Sprintf("已 %s 未联系中心（超过 %s）", Span(now.Sub(k.LastSeen)), Span(stale)))
	}
	if r := k.Report; r != nil {
		switch r.Printer {
		case protocol.PrinterPaperOut:
			out = append(out, "打印机缺纸")
		case protocol.PrinterOffline:
			out = append(out, "打印机离线")
		}
		if r.FreeDisk > 0 && r.FreeDisk < LowDisk {
			out = append(out, "磁盘剩余不足 1 GB")
		}
		if r.Queue > 0 && !r.Oldest.IsZero() && now.Sub(r.Oldest) > StuckQueue {
			out = append(out, fmt.Sprintf("%d 项提交未上传，最早的已等待 %s", r.Queue, Span(now.Sub(r.Oldest))))
		}
	}
	return out
}

// Span writes a duration for staff: 3 天 2 小时, 5 小时 20 分, 12 分.
func Span(d time.Duration) string {
	d = d.Round(time.Minute)
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%d 天 %d 小时", days, hours)
	case days > 0:
		return fmt.Sprintf("%d 天", days)
	case hours > 0 && mins > 0:
		return fmt.Sprintf("%d 小时 %d 分", hours, mins)
	case hours > 0:
		return fmt.Sprintf("%d 小时", hours)
	}
	return fmt.Sprintf("%d 分", mins)
}

// KioskAdmin is the staff's view of the kiosks: listing with warnings,
// enrolment codes and revocation (the console's 终端 page, `hub kiosks`).
type KioskAdmin struct {
	Hub   *Hub
	Subs  *Submissions  // for device keys registered after enrolment; nil: enrolment keys only
	Stale time.Duration // DefaultStale when 0
}

// List returns every kiosk with its warnings, and the hub's head.
func (a KioskAdmin) List(ctx context.Context) ([]KioskView, int64, error) {
	ks, err := a.Hub.Store.Kiosks(ctx)
	if err != nil {
		return nil, 0, err
	}
	head, err := a.Hub.Store.Head(ctx)
	if err != nil {
		return nil, 0, err
	}
	stale := a.Stale
	if stale <= 0 {
		stale = DefaultStale
	}
	calls, err := a.Hub.Store.OpenCalls(ctx)
	if err != nil {
		return nil, 0, err
	}
	open := map[string]*Call{}
	for i := range calls {
		open[calls[i].KioskID] = &calls[i]
	}
	now := a.Hub.Now()
	out := make([]KioskView, len(ks))
	for i, k := range ks {
		v := KioskView{Kiosk: k, Behind: max(head-k.Version, 0), Call: open[k.ID], Warnings: KioskWarnings(k, now, stale)}
		if c := v.Call; c != nil {
			v.Warnings = append([]string{"访客在“" + c.Screen + "”呼叫工作人员"}, v.Warnings...)
		}
		key := k.DeviceKey
		if a.Subs != nil {
			if key, err = a.Subs.DeviceKey(ctx, k.ID); err != nil {
				return nil, 0, err
			}
		}
		if key != nil {
			v.DeviceKeyID = protocol.Fingerprint(key)
		}
		out[i] = v
	}
	return out, head, nil
}

// Enrol makes a one-time enrolment code for a kiosk called name.
func (a KioskAdmin) Enrol(ctx context.Context, name string) (string, time.Time, error) {
	return a.Hub.NewEnrollCode(ctx, name)
}

// HandleCall marks a visitor's open call handled by staff member by
// (ErrNotFound if it is not open); the caller audits it.
func (a KioskAdmin) HandleCall(ctx context.Context, id int64, by string) (*Call, error) {
	return a.Hub.Store.HandleCall(ctx, id, by, a.Hub.Now())
}

// Revoke stops kiosk ref (id or number) from using the hub.
func (a KioskAdmin) Revoke(ctx context.Context, ref string) (*Kiosk, error) {
	return a.Hub.Store.Revoke(ctx, ref, a.Hub.Now())
}

// printerWords are the reported printer states in Chinese.
var printerWords = map[string]string{
	protocol.PrinterReady:    "就绪",
	protocol.PrinterPaperOut: "缺纸",
	protocol.PrinterOffline:  "离线",
}

// PrinterWord is a reported printer state in Chinese.
func PrinterWord(state string) string {
	return cmp.Or(printerWords[state], "未知")
}
