package hub

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gongkai/sync/protocol"
)

// BundleOptions adjust a bundle.
type BundleOptions struct {
	Since         int64 // 0 for a full bundle; else the changes above Since
	PageSize      int   // 0 for protocol.DefaultPageSize
	NoAttachments bool  // leave the files out (kiosks refuse documents whose files they lack)
}

// WriteBundle writes a signed bundle of the changes above opt.Since, with
// the attachments their documents refer to, to path. It is written under a
// temporary name and renamed when whole, so a kiosk watching a USB drive
// never picks up half a bundle.
func (h *Hub) WriteBundle(ctx context.Context, path string, opt BundleOptions) (m *protocol.Manifest, err error) {
	dir := filepath.Dir(path)
	pages, err := os.CreateTemp(dir, ".gongkai-pages-*")
	if err != nil {
		return nil, err
	}
	defer func() {
		pages.Close()
		os.Remove(pages.Name())
	}()
	m = &protocol.Manifest{Protocol: protocol.Version, KeyID: h.Keys.KeyID(), From: opt.Since, To: opt.Since, Created: h.Now().UTC()}
	pw := bufio.NewWriterSize(pages, 1<<16)
	var files []string
	seen := map[string]bool{}
	for since := opt.Since; ; {
		sp, p, err := h.Page(ctx, since, opt.PageSize)
		if err != nil {
			return nil, err
		}
		if p.To == since {
			break
		}
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(sp.Payload)))
		pw.Write(n[:])
		pw.Write(sp.Payload)
		if _, err := pw.Write(sp.Signature); err != nil {
			return nil, err
		}
		sum := sha256.Sum256(sp.Payload)
		m.PageSHA256 = append(m.PageSHA256, hex.EncodeToString(sum[:]))
		m.Pages++
		m.To = p.To
		as, err := p.Attachments()
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			if !seen[a.SHA256] && !opt.NoAttachments {
				seen[a.SHA256] = true
				files = append(files, a.SHA256)
			}
		}
		if !p.More {
			break
		}
		since = p.To
	}
	if err := pw.Flush(); err != nil {
		return nil, err
	}
	for _, sha := range files {
		info, err := h.Store.Attachment(ctx, sha)
		if err != nil {
			return nil, err
		}
		m.Attachments = append(m.Attachments, protocol.BundleFile{SHA256: sha, Size: info.Size})
	}
	sm, err := protocol.SignManifest(h.Keys.Sign, m)
	if err != nil {
		return nil, err
	}

	// A bundle is signed, not secret.
	err = protocol.WriteAtomic(path, 0o644, func(out io.Writer) error {
		bw, err := protocol.NewBundleWriter(out, sm)
		if err != nil {
			return err
		}
		if _, err := pages.Seek(0, io.SeekStart); err != nil {
			return err
		}
		pr := bufio.NewReaderSize(pages, 1<<16)
		for i := 0; i < m.Pages; i++ {
			var n [8]byte
			if _, err := io.ReadFull(pr, n[:]); err != nil {
				return err
			}
			sp := protocol.SignedPayload{Payload: make([]byte, binary.BigEndian.Uint64(n[:])), Signature: make([]byte, ed25519.SignatureSize)}
			if _, err := io.ReadFull(pr, sp.Payload); err != nil {
				return err
			}
			if _, err := io.ReadFull(pr, sp.Signature); err != nil {
				return err
			}
			if err := bw.WritePage(sp); err != nil {
				return err
			}
		}
		for _, f := range m.Attachments {
			if err := h.writeBundleFile(ctx, bw, f); err != nil {
				return err
			}
		}
		return bw.Flush()
	})
	if err != nil {
		return nil, err
	}
	h.Log.Info("bundle written", "path", path, "from", m.From, "to", m.To, "pages", m.Pages, "files", len(m.Attachments))
	return m, nil
}

func (h *Hub) writeBundleFile(ctx context.Context, bw *protocol.BundleWriter, f protocol.BundleFile) error {
	r, err := h.Store.OpenBlob(ctx, f.SHA256)
	if err != nil {
		return fmt.Errorf("attachment %s: %w", short(f.SHA256), err)
	}
	defer r.Close()
	return bw.WriteAttachment(f.SHA256, f.Size, r)
}
