package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"gongkai/internal/domain"
	"gongkai/sync/protocol"
)

// Catalogue is a whole catalogue to import, independent of where it was
// parsed from: every live object and the files its documents refer to.
type Catalogue struct {
	Objects []domain.Object
	Files   []File
	// Withdraw names objects to take off the kiosks if they are live: a
	// document withdrawn in the console, or one whose 公开属性 is no
	// longer 主动公开.
	Withdraw []ObjectKey
}

// File is an attachment's bytes to store, found by its SHA-256.
type File struct {
	SHA256    string
	Size      int64
	MediaType string
	Path      string // where it came from, for messages
	Open      func() (io.ReadCloser, error)
}

// ImportOptions adjust an import.
type ImportOptions struct {
	// Prune withdraws live objects that the catalogue no longer holds.
	Prune bool
}

// ImportCatalogue makes the hub's catalogue equal cat. Attachments are
// stored (verified) first; then the objects are diffed and written in one
// transaction, so a failure anywhere leaves the catalogue as it was.
// Unchanged objects keep their versions; a re-import of the same catalogue
// changes nothing.
func (h *Hub) ImportCatalogue(ctx context.Context, cat *Catalogue, opt ImportOptions) (*ImportResult, error) {
	objects := make([]domain.Object, len(cat.Objects))
	for i, o := range cat.Objects {
		if o.Kind == "" || o.ID == "" {
			return nil, fmt.Errorf("object %d has no kind or id", i)
		}
		if hubKinds[o.Kind] {
			return nil, fmt.Errorf("%s %s: the hub publishes %s objects itself (the console's accounts), a catalogue cannot hold them", o.Kind, o.ID, o.Kind)
		}
		data, err := protocol.CanonicalJSON(o.Data)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", o.Kind, o.ID, err)
		}
		objects[i] = domain.Object{Kind: o.Kind, ID: o.ID, Data: data}
		if err := publicOnly(o); err != nil {
			return nil, err
		}
	}
	files := map[string]File{}
	for _, f := range cat.Files {
		if !protocol.ValidSHA256(f.SHA256) {
			return nil, fmt.Errorf("%s: bad sha256 %q", f.Path, f.SHA256)
		}
		files[f.SHA256] = f
	}
	// Every attachment a document names must be in cat or already stored.
	for _, o := range objects {
		as, err := protocol.ChangeAttachments(domain.Change{Kind: o.Kind, ID: o.ID, Data: o.Data})
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			if f, ok := files[a.SHA256]; ok {
				if f.Size != a.Size {
					return nil, fmt.Errorf("document %s: attachment %s: size %d, file has %d", o.ID, a.Name, a.Size, f.Size)
				}
				continue
			}
			if _, err := h.Store.Attachment(ctx, a.SHA256); err != nil {
				return nil, fmt.Errorf("document %s: attachment %s (%s) is neither in the catalogue nor on the hub", o.ID, a.Name, short(a.SHA256))
			}
		}
	}
	shas := make([]string, 0, len(files))
	for sha := range files {
		shas = append(shas, sha)
	}
	sort.Strings(shas)
	infos := make([]AttachmentInfo, 0, len(shas))
	stored := 0
	for _, sha := range shas {
		f := files[sha]
		infos = append(infos, AttachmentInfo{SHA256: sha, Size: f.Size, MediaType: f.MediaType})
		have, err := h.Store.HasBlob(ctx, sha)
		if err != nil {
			return nil, err
		}
		if have {
			continue
		}
		if err := h.putFile(ctx, f); err != nil {
			return nil, err
		}
		stored++
	}
	var res *ImportResult
	var err error
	if opt.Prune {
		res, err = h.Store.ApplyCatalogue(ctx, objects, infos, true, h.Now())
	} else {
		res, err = h.Store.PublishObjects(ctx, objects, infos, cat.Withdraw, h.Now())
	}
	if err != nil {
		return nil, err
	}
	res.Files = stored
	h.pages.changed()
	h.Log.Info("catalogue imported", "from", res.From, "to", res.To, "added", res.Added,
		"updated", res.Updated, "deleted", res.Deleted, "unchanged", res.Unchanged, "files", stored)
	return res, nil
}

func (h *Hub) putFile(ctx context.Context, f File) error {
	if f.Open == nil {
		return fmt.Errorf("%s: no way to read it", f.Path)
	}
	r, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %w", f.Path, err)
	}
	defer r.Close()
	if err := h.Store.PutBlob(ctx, f.SHA256, f.Size, r); err != nil {
		return fmt.Errorf("%s: %w", f.Path, err)
	}
	return nil
}

// ErrNotPublic refuses a document whose 公开属性 is not 主动公开: only
// those ever leave the hub (《政府信息公开条例》第十九条 and 四(一) of the
// 2021 要点: 公开属性 is set at the source).
var ErrNotPublic = errors.New("only 主动公开 documents go to kiosks")

// publicOnly refuses a document object that is not 主动公开.
func publicOnly(o domain.Object) error {
	if o.Kind != domain.KindDocument {
		return nil
	}
	var d domain.Document
	if err := json.Unmarshal(o.Data, &d); err != nil {
		return fmt.Errorf("document %s: %w", o.ID, err)
	}
	if d.Disclosure != "" && d.Disclosure != domain.DisclosureProactive {
		return fmt.Errorf("document %s is %s: %w", o.ID, d.Disclosure, ErrNotPublic)
	}
	return nil
}
