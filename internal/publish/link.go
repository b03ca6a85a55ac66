package publish

import (
	"context"

	"gongkai/internal/domain"
)

// linkedObjects returns the consultation or event whose feedback document
// docID is, with FeedbackID set, to publish in the same version as the
// document: kiosks never see the link without the document.
func (s *Service) linkedObjects(ctx context.Context, sn *snapshot, docID string) ([]domain.Object, error) {
	kind, target, err := s.Store.Link(ctx, docID)
	if err != nil || kind == "" {
		return nil, err
	}
	switch kind {
	case domain.KindConsultation:
		if c, ok := sn.consultation(target); ok && c.FeedbackID != docID {
			c.FeedbackID = docID
			return []domain.Object{object(kind, target, c)}, nil
		}
	case domain.KindEvent:
		if e, ok := sn.event(target); ok && e.FeedbackID != docID {
			e.FeedbackID = docID
			return []domain.Object{object(kind, target, e)}, nil
		}
	}
	return nil, nil
}

func (sn *snapshot) event(id string) (domain.Event, bool) {
	return byID(sn.events, id, func(e domain.Event) string { return e.ID })
}

// byID finds the item of list whose id (by idOf) is id.
func byID[T any](list []T, id string, idOf func(T) string) (T, bool) {
	for _, x := range list {
		if idOf(x) == id {
			return x, true
		}
	}
	var zero T
	return zero, false
}

// tellCommenters gives every comment of the consultation whose feedback
// docID is its decision, at the commenter's kiosk (办理进度查询): their
// comment is 已办结, adopted or not, and where the reasons are published.
func (s *Service) tellCommenters(ctx context.Context, docID string) error {
	kind, target, err := s.Store.Link(ctx, docID)
	if err != nil || kind != domain.KindConsultation || s.Inbox == nil {
		return err
	}
	cs, err := s.comments(ctx, target)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.Decision == nil || c.State == StatusClosed {
			continue
		}
		note := "您的意见：" + c.Decision.Decision + "。采纳情况及理由已在本终端“意见征集”中公布。"
		if err := s.Inbox.Reply(ctx, c.Tracking, StatusClosed, note); err != nil {
			return err
		}
	}
	return nil
}
