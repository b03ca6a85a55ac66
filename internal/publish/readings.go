package publish

import (
	"context"
	"sort"
	"strings"

	"gongkai/internal/catalog"
)

// Readings is the 三同步 list: published 行政规范性文件 and 政策性文件 in
// force without a published 政策解读, and those for which a reason was
// recorded instead. A document leaves Missing when a 解读 of it is
// published (or a reason is recorded).
type Readings struct {
	Missing  []*Entry
	Exempted []*Entry
}

// Readings returns the 三同步 list, oldest first.
func (s *Service) Readings(ctx context.Context) (*Readings, error) {
	sn, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	out := &Readings{}
	for id := range sn.live {
		e, _ := sn.entry(id)
		if !e.Missing {
			continue
		}
		if e.Exemption != nil {
			out.Exempted = append(out.Exempted, e)
		} else {
			out.Missing = append(out.Missing, e)
		}
	}
	for _, list := range [][]*Entry{out.Missing, out.Exempted} {
		sort.Slice(list, func(i, j int) bool {
			if list[i].Doc.Published != list[j].Doc.Published {
				return list[i].Doc.Published < list[j].Doc.Published
			}
			return list[i].Doc.ID < list[j].Doc.ID
		})
	}
	return out, nil
}

// Exempt records why a policy document has no 解读 (for example, a
// document that only amends dates); an empty reason removes the record
// and puts the document back on the list.
func (s *Service) Exempt(ctx context.Context, a Actor, id, reason string) error {
	if !a.mayPublish() {
		return errPublish
	}
	reason = strings.TrimSpace(reason)
	if msg := catalog.CheckText("原因", reason, MaxReason); msg != "" {
		return fieldErrors([]catalog.FieldProblem{{Key: "reason", Message: msg}})
	}
	sn, err := s.load(ctx)
	if err != nil {
		return err
	}
	e, ok := sn.entry(id)
	if !ok {
		return notFound("文件 " + id)
	}
	if !e.Policy {
		return invalidf("文件 %s 不是行政规范性文件或政策性文件，不需要解读", id)
	}
	if err := s.Store.PutExemption(ctx, Exemption{DocID: id, Reason: reason, By: a.Login, At: s.now()}); err != nil {
		return err
	}
	action := "记录未配发解读的原因"
	if reason == "" {
		action = "撤销未配发解读的原因"
	}
	return s.audit(ctx, a, action, id, reason)
}
