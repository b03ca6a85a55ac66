package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"

	"gongkai/internal/catalog"
	"gongkai/internal/domain"
)

// AddAttachment checks an uploaded file (a bare name, the content what the
// extension says, at most catalog.MaxAttachmentBytes: the rules of the
// directory import) and attaches it to the document's draft. The bytes
// are stored by their SHA-256 and reach kiosks only when the document is
// published; a refused upload changes nothing.
func (s *Service) AddAttachment(ctx context.Context, a Actor, id, name string, data []byte) (*Entry, error) {
	if !a.mayWrite() {
		return nil, errWrite
	}
	if msg := catalog.CheckAttachmentName(name); msg != "" {
		return nil, invalidf("附件 %q %s", clip(name), msg)
	}
	mt, msg := catalog.SniffAttachment(name, bytes.NewReader(data), int64(len(data)))
	if msg != "" {
		return nil, invalidf("附件 %q %s", name, msg)
	}
	sn, _, err := lookup(ctx, s, (*snapshot).existing, "文件", id)
	if err != nil {
		return nil, err
	}
	dr := draftOf(sn, id)
	if dr.State != DraftEditing {
		return nil, invalidf("请先点“重新编辑”，再为已撤回或不发往终端的文件添加附件")
	}
	sum := sha256.Sum256(data)
	att := domain.Attachment{Name: name, MediaType: mt, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	for _, x := range dr.Doc.Attachments {
		if x.SHA256 == att.SHA256 {
			return nil, invalidf("附件 %q 与已有附件 %q 内容相同", name, x.Name)
		}
	}
	if err := s.Catalogue.PutFile(ctx, att.SHA256, att.Size, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	dr.Doc.Attachments = append(dr.Doc.Attachments, att)
	if err := s.keepDraft(ctx, a, dr, "添加附件", id, name); err != nil {
		return nil, err
	}
	return s.Document(ctx, id)
}

// RemoveAttachment takes an attachment off the document's draft.
func (s *Service) RemoveAttachment(ctx context.Context, a Actor, id, sha string) (*Entry, error) {
	if !a.mayWrite() {
		return nil, errWrite
	}
	sn, _, err := lookup(ctx, s, (*snapshot).existing, "文件", id)
	if err != nil {
		return nil, err
	}
	dr := draftOf(sn, id)
	kept := dr.Doc.Attachments[:0:0]
	var gone string
	for _, x := range dr.Doc.Attachments {
		if x.SHA256 == sha && gone == "" {
			gone = x.Name
			continue
		}
		kept = append(kept, x)
	}
	if gone == "" {
		return nil, notFound("该附件")
	}
	dr.Doc.Attachments = kept
	if err := s.keepDraft(ctx, a, dr, "删除附件", id, gone); err != nil {
		return nil, err
	}
	return s.Document(ctx, id)
}

// Attachment opens an attachment of the document (its draft or its
// published version) for staff to check.
func (s *Service) Attachment(ctx context.Context, id, sha string) (domain.Attachment, io.ReadSeekCloser, error) {
	sn, err := s.load(ctx)
	if err != nil {
		return domain.Attachment{}, nil, err
	}
	for _, d := range []*domain.Document{sn.live[id], docOf(sn.drafts[id])} {
		if d == nil {
			continue
		}
		for _, x := range d.Attachments {
			if x.SHA256 == sha {
				r, err := s.Catalogue.OpenFile(ctx, sha)
				return x, r, err
			}
		}
	}
	return domain.Attachment{}, nil, notFound("该附件")
}

func docOf(d *Draft) *domain.Document {
	if d == nil {
		return nil
	}
	return &d.Doc
}

// draftOf returns the document's draft, or a new one from its published
// version.
func draftOf(sn *snapshot, id string) Draft {
	if dr := sn.drafts[id]; dr != nil {
		return *dr
	}
	live := sn.live[id]
	return Draft{Doc: *live, Source: catalog.BodyMarkdown(live.Body), State: DraftEditing}
}

// clip shortens a hostile file name for a message.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
