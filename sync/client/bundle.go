package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"gongkai/sync/protocol"
)

// ImportBundle applies a bundle file exactly like network pages. A first
// pass verifies the manifest, every page and every file against the pinned
// key and copies the files the kiosk lacks (verified, by SHA-256); it checks
// that every document's files are then present. Only after all of that does
// a second pass apply the pages, each in one transaction with the cursor. A
// bundle that is not newer than the kiosk's catalogue is refused with
// ErrOlder, one that starts above it with ErrGap; a tampered one with a
// verification error, the catalogue untouched.
func (c *Client) ImportBundle(ctx context.Context, path string) (*Result, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, res, err := c.begin(ctx)
	if err != nil {
		return nil, err
	}
	cursor := res.From

	// Pass 1: verify everything, stage the files.
	m, files, err := c.verifyBundle(ctx, path, h, cursor)
	res.Files = files
	if err != nil {
		return res, err
	}

	// Pass 2: apply. The file is read and verified again: it may have been
	// changed on the drive since pass 1.
	f, err := os.Open(path)
	if err != nil {
		return res, err
	}
	defer f.Close()
	br, err := protocol.NewBundleReader(f, h.SignKey)
	if err != nil {
		return res, err
	}
	if got := br.Manifest(); got.To != m.To || got.Pages != m.Pages {
		return res, fmt.Errorf("%w: the bundle changed while it was read", protocol.ErrBundle)
	}
	for i := 0; i < m.Pages; i++ {
		it, err := br.Next()
		if err != nil {
			return res, err
		}
		p := it.Page
		if p.To <= cursor {
			continue
		}
		changes := p.Changes
		for len(changes) > 0 && changes[0].Version <= cursor {
			changes = changes[1:]
		}
		if err := c.cat.ApplyPage(ctx, cursor, p.To, changes, c.now()); err != nil {
			return res, fmt.Errorf("apply page %d..%d: %w", p.From, p.To, err)
		}
		res.Pages++
		res.Changes += len(changes)
		res.RawBytes += int64(len(it.Signed.Payload))
		cursor, res.To = p.To, p.To
	}
	c.synced(ctx)
	c.log.Info("bundle imported", "path", path, "from", res.From, "to", res.To, "pages", res.Pages, "files", res.Files)
	return res, nil
}

// verifyBundle reads the whole bundle once, verifying it and copying the
// attachments the kiosk lacks. It returns the manifest and how many files
// it copied.
func (c *Client) verifyBundle(ctx context.Context, path string, h *Hub, cursor int64) (*protocol.Manifest, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	br, err := protocol.NewBundleReader(f, h.SignKey)
	if err != nil {
		return nil, 0, err
	}
	m := br.Manifest()
	if m.To <= cursor {
		return m, 0, fmt.Errorf("%w: bundle reaches version %d, the kiosk has %d", ErrOlder, m.To, cursor)
	}
	if m.From > cursor {
		return m, 0, fmt.Errorf("%w: bundle starts at %d, the kiosk has %d", ErrGap, m.From, cursor)
	}
	need := map[string]int64{}
	names := map[string]string{}
	copied := 0
	for {
		if err := ctx.Err(); err != nil {
			return m, copied, err
		}
		it, err := br.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return m, copied, err
		}
		if it.Page != nil {
			if it.Page.To <= cursor {
				continue
			}
			as, err := it.Page.Attachments()
			if err != nil {
				return m, copied, err
			}
			for _, a := range as {
				need[a.SHA256], names[a.SHA256] = a.Size, a.Name
			}
			continue
		}
		sha := it.File.SHA256
		if c.hasFile(sha, it.File.Size) {
			continue // Next drains and still verifies the bytes
		}
		if err := protocol.WriteFileVerified(c.AttachmentPath(sha), sha, it.File.Size, it.Body); err != nil {
			return m, copied, err
		}
		copied++
	}
	for sha, size := range need {
		if !c.hasFile(sha, size) {
			return m, copied, fmt.Errorf("%w: %s (%s…) is neither in the bundle nor on this kiosk", ErrMissingFile, names[sha], sha[:12])
		}
	}
	return m, copied, nil
}
