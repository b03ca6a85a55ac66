package hub

import (
	"context"
	"strings"

	"gongkai/internal/domain"
	"gongkai/internal/tracking"
	"gongkai/sync/protocol"
)

// PublishStatus records the status of an application as the case register
// (internal/foi) worked it out, and queues it for the kiosk that issued
// the number, like SetStatus. The register has applied the 条例's rules
// (补正 once, 延期 once, …); this checks only what the feed relies on: an
// application's tracking number, a state applications have, a known
// outcome code, a short note. st.Updated zero means now.
func (s *Submissions) PublishStatus(ctx context.Context, trk string, st protocol.StatusReport) error {
	n, err := tracking.Parse(trk)
	if err != nil {
		return err
	}
	trk = n.String()
	if !contains([]string{protocol.StatusAccepted, protocol.StatusCorrection, protocol.StatusExtended, protocol.StatusAnswered, protocol.StatusClosed}, st.State) {
		return invalidf("依申请公开申请不能设为“%s”", st.State)
	}
	if st.Outcome != "" && domain.OutcomeLabel(st.Outcome) == "" {
		return invalidf("未知的办理结果代码 %q", st.Outcome)
	}
	if st.Note = strings.TrimSpace(st.Note); len([]rune(st.Note)) > 200 {
		return invalidf("备注最多 200 字")
	}
	if st.Updated.IsZero() {
		st.Updated = s.hub.Now()
	}
	st.Updated = st.Updated.UTC()
	return s.store.Update(ctx, func(tx SubmissionTx) error {
		t, ok, err := tx.Tracked(ctx, trk)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.ENOTFOUND, "中心没有受理编号 %s 的提交", trk)
		}
		if t.Kind != protocol.KindApplication {
			return invalidf("受理编号 %s 不是依申请公开申请", trk)
		}
		st.Extended = st.Extended || t.Status.Extended
		return tx.PutStatus(ctx, t.KioskID, trk, st)
	})
}
