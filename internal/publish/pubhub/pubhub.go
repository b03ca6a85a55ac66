// Package pubhub wires the publishing desk (internal/publish) to the hub
// (sync/hub): its catalogue, blob store and, for the participation pages,
// its submissions. It converts; it decides nothing.
package pubhub

import (
	"context"
	"errors"
	"io"

	"gongkai/internal/domain"
	"gongkai/internal/publish"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

// Catalogue is the hub's catalogue as publish.Catalogue.
type Catalogue struct{ Hub *hub.Hub }

var _ publish.Catalogue = Catalogue{}

// Objects returns every live object.
func (c Catalogue) Objects(ctx context.Context) ([]domain.Object, error) {
	return c.Hub.Store.Objects(ctx)
}

// Object returns one live object.
func (c Catalogue) Object(ctx context.Context, kind, id string) (domain.Object, bool, error) {
	o, err := c.Hub.Store.Object(ctx, kind, id)
	if errors.Is(err, hub.ErrNotFound) {
		return o, false, nil
	}
	return o, err == nil, err
}

// Publish imports objects and withdrawals through the hub's import (the
// same checks and the same new signed version as `hub import`), naming
// the stored bytes of every attachment they refer to.
func (c Catalogue) Publish(ctx context.Context, objects []domain.Object, withdraw []publish.Key) (publish.Published, error) {
	cat := &hub.Catalogue{Objects: objects}
	seen := map[string]bool{}
	for _, o := range objects {
		as, err := protocol.ChangeAttachments(domain.Change{Kind: o.Kind, ID: o.ID, Data: o.Data})
		if err != nil {
			return publish.Published{}, err
		}
		for _, a := range as {
			if seen[a.SHA256] {
				continue
			}
			seen[a.SHA256] = true
			sha := a.SHA256
			cat.Files = append(cat.Files, hub.File{SHA256: sha, Size: a.Size, MediaType: a.MediaType, Path: a.Name,
				Open: func() (io.ReadCloser, error) { return c.Hub.Store.OpenBlob(ctx, sha) }})
		}
	}
	for _, w := range withdraw {
		cat.Withdraw = append(cat.Withdraw, hub.ObjectKey{Kind: w.Kind, ID: w.ID})
	}
	res, err := c.Hub.ImportCatalogue(ctx, cat, hub.ImportOptions{})
	if err != nil {
		return publish.Published{}, err
	}
	return publish.Published{From: res.From, To: res.To}, nil
}

// PutFile stores an attachment's bytes by their SHA-256.
func (c Catalogue) PutFile(ctx context.Context, sha string, size int64, r io.Reader) error {
	return c.Hub.Store.PutBlob(ctx, sha, size, r)
}

// OpenFile opens stored bytes.
func (c Catalogue) OpenFile(ctx context.Context, sha string) (io.ReadSeekCloser, error) {
	f, err := c.Hub.Store.OpenBlob(ctx, sha)
	if errors.Is(err, hub.ErrNotFound) {
		return nil, domain.Errorf(domain.ENOTFOUND, "附件文件不在中心")
	}
	return f, err
}
