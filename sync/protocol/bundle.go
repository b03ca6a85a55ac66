package protocol

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"
)

// BundleMagic is the first line of every bundle file of this version.
const BundleMagic = "GONGKAI-BUNDLE/1\n"

// Frame kinds of a bundle.
const (
	frameManifest   = 'M'
	frameSignature  = 'S'
	framePage       = 'P'
	frameAttachment = 'A'
)

// MaxManifestBytes bounds the manifest a reader accepts.
const MaxManifestBytes = 64 << 20

// ErrBundle reports a bundle that is cut short, out of order or does not
// match its manifest.
var ErrBundle = errors.New("bad bundle")

// Manifest describes a bundle: the range of catalogue versions its pages
// carry, each page's SHA-256 in order and the attachments it includes. It is
// signed like a page, so a bundle cannot be cut, reordered or padded
// without the reader noticing.
type Manifest struct {
	Protocol    string       `json:"protocol"`
	KeyID       string       `json:"key_id"`
	From        int64        `json:"from"`
	To          int64        `json:"to"`
	Pages       int          `json:"pages"`
	PageSHA256  []string     `json:"page_sha256"`
	Attachments []BundleFile `json:"attachments"`
	Created     time.Time    `json:"created"`
}

// BundleFile is one attachment included in a bundle.
type BundleFile struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// SignManifest encodes m and signs the bytes with key.
func SignManifest(key ed25519.PrivateKey, m *Manifest) (SignedPayload, error) {
	q := *m
	if q.PageSHA256 == nil {
		q.PageSHA256 = []string{}
	}
	if q.Attachments == nil {
		q.Attachments = []BundleFile{}
	}
	b, err := json.Marshal(&q)
	if err != nil {
		return SignedPayload{}, fmt.Errorf("encode manifest: %w", err)
	}
	return SignedPayload{Payload: b, Signature: ed25519.Sign(key, b)}, nil
}

// VerifyManifest checks sig over payload with pub, then decodes and checks
// the manifest.
func VerifyManifest(pub ed25519.PublicKey, payload, sig []byte) (*Manifest, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: pinned key has %d bytes", ErrWrongKey, len(pub))
	}
	var m Manifest
	if err := verifySigned(pub, payload, sig, "bundle", "bundle manifest", &m); err != nil {
		return nil, err
	}
	if m.From < 0 || m.To < m.From || m.Pages != len(m.PageSHA256) {
		return nil, fmt.Errorf("%w: manifest range or page count", ErrMalformed)
	}
	for _, s := range m.PageSHA256 {
		if !ValidSHA256(s) {
			return nil, fmt.Errorf("%w: manifest page hash %q", ErrMalformed, s)
		}
	}
	seen := make(map[string]bool, len(m.Attachments))
	for _, f := range m.Attachments {
		if !ValidSHA256(f.SHA256) || f.Size < 0 || seen[f.SHA256] {
			return nil, fmt.Errorf("%w: manifest attachment %q", ErrMalformed, f.SHA256)
		}
		seen[f.SHA256] = true
	}
	return &m, nil
}

// BundleWriter writes a bundle: the signed manifest first, then the pages
// and the attachments in the manifest's order.
type BundleWriter struct {
	w   *bufio.Writer
	err error
}

// NewBundleWriter writes the magic line and the signed manifest to w.
func NewBundleWriter(w io.Writer, manifest SignedPayload) (*BundleWriter, error) {
	bw := &BundleWriter{w: bufio.NewWriterSize(w, 1<<16)}
	bw.write([]byte(BundleMagic))
	bw.frame(frameManifest, manifest.Payload)
	bw.frame(frameSignature, manifest.Signature)
	return bw, bw.err
}

// WritePage writes a signed page.
func (bw *BundleWriter) WritePage(p SignedPayload) error {
	bw.frame(framePage, p.Payload)
	bw.frame(frameSignature, p.Signature)
	return bw.err
}

// WriteAttachment writes an attachment of size bytes read from r, checking
// that they hash to sha (lower-case hex).
func (bw *BundleWriter) WriteAttachment(sha string, size int64, r io.Reader) error {
	raw, err := hex.DecodeString(sha)
	if err != nil || len(raw) != sha256.Size {
		return fmt.Errorf("%w: attachment hash %q", ErrMalformed, sha)
	}
	bw.header(frameAttachment, uint64(len(raw))+uint64(size))
	bw.write(raw)
	if bw.err != nil {
		return bw.err
	}
	h := sha256.New()
	n, err := io.CopyN(io.MultiWriter(bw.w, h), r, size)
	if err != nil {
		bw.err = fmt.Errorf("attachment %s: %d of %d bytes: %w", short(sha), n, size, err)
		return bw.err
	}
	if !bytes.Equal(h.Sum(nil), raw) {
		bw.err = fmt.Errorf("attachment %s: content does not match its SHA-256", short(sha))
	}
	return bw.err
}

// Flush writes buffered data to the underlying writer.
func (bw *BundleWriter) Flush() error {
	if bw.err == nil {
		bw.err = bw.w.Flush()
	}
	return bw.err
}

func (bw *BundleWriter) frame(kind byte, body []byte) {
	bw.header(kind, uint64(len(body)))
	bw.write(body)
}

func (bw *BundleWriter) header(kind byte, n uint64) {
	var h [9]byte
	h[0] = kind
	binary.BigEndian.PutUint64(h[1:], n)
	bw.write(h[:])
}

func (bw *BundleWriter) write(b []byte) {
	if bw.err == nil {
		_, bw.err = bw.w.Write(b)
	}
}

// BundleItem is one page or one attachment read from a bundle. For a page,
// Page and Signed are set; for an attachment, File and Body are, and Body
// fails with [ErrBundle] instead of ending if the bytes do not hash to
// File.SHA256.
type BundleItem struct {
	Page   *Page
	Signed SignedPayload
	File   *BundleFile
	Body   io.Reader
}

// BundleReader reads a bundle and verifies each part as it goes, against the
// pinned key and the manifest.
type BundleReader struct {
	r        *bufio.Reader
	pub      ed25519.PublicKey
	manifest *Manifest
	page     int // pages read
	file     int // attachments read
	body     *hashReader
	done     bool
}

// NewBundleReader reads the magic line and the manifest from r and verifies
// the manifest with pub.
func NewBundleReader(r io.Reader, pub ed25519.PublicKey) (*BundleReader, error) {
	br := &BundleReader{r: bufio.NewReaderSize(r, 1<<16), pub: pub}
	magic := make([]byte, len(BundleMagic))
	if _, err := io.ReadFull(br.r, magic); err != nil || !bytes.HasPrefix(magic, []byte("GONGKAI-BUNDLE/")) {
		return nil, fmt.Errorf("%w: not a gongkai bundle file", ErrBundle)
	}
	if string(magic) != BundleMagic {
		return nil, fmt.Errorf("%w: bundle format %s", ErrUnknownVersion, showDifference(magic, []byte(BundleMagic)))
	}
	payload, sig, err := br.signedFrame(frameManifest, MaxManifestBytes)
	if err != nil {
		return nil, err
	}
	if br.manifest, err = VerifyManifest(pub, payload, sig); err != nil {
		return nil, err
	}
	return br, nil
}

// Manifest returns the verified manifest.
func (br *BundleReader) Manifest() *Manifest { return br.manifest }

// Next returns the next page or attachment, io.EOF after the last one once
// it has checked that nothing follows. Pages come first, in version order.
func (br *BundleReader) Next() (*BundleItem, error) {
	if err := br.drain(); err != nil {
		return nil, err
	}
	m := br.manifest
	if br.page < m.Pages {
		payload, sig, err := br.signedFrame(framePage, MaxPageBytes)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(payload)
		if hex.EncodeToString(sum[:]) != m.PageSHA256[br.page] {
			return nil, fmt.Errorf("%w: page %d does not match the manifest", ErrBundle, br.page+1)
		}
		p, err := VerifyPage(br.pub, payload, sig)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", br.page+1, err)
		}
		br.page++
		return &BundleItem{Page: p, Signed: SignedPayload{Payload: payload, Signature: sig}}, nil
	}
	if br.file < len(m.Attachments) {
		f := m.Attachments[br.file]
		n, err := br.header(frameAttachment)
		if err != nil {
			return nil, err
		}
		if n != uint64(sha256.Size)+uint64(f.Size) {
			return nil, fmt.Errorf("%w: attachment %d has the wrong length", ErrBundle, br.file+1)
		}
		raw := make([]byte, sha256.Size)
		if _, err := io.ReadFull(br.r, raw); err != nil {
			return nil, fmt.Errorf("%w: cut short in attachment %d", ErrBundle, br.file+1)
		}
		if hex.EncodeToString(raw) != f.SHA256 {
			return nil, fmt.Errorf("%w: attachment %d is not the one in the manifest", ErrBundle, br.file+1)
		}
		br.file++
		br.body = &hashReader{r: io.LimitReader(br.r, f.Size), h: sha256.New(), want: raw, left: f.Size}
		return &BundleItem{File: &f, Body: br.body}, nil
	}
	if !br.done {
		if _, err := br.r.ReadByte(); err != io.EOF {
			return nil, fmt.Errorf("%w: data after the end of the bundle", ErrBundle)
		}
		br.done = true
	}
	return nil, io.EOF
}

// drain reads what the caller left of the last attachment, still verifying.
func (br *BundleReader) drain() error {
	if br.body == nil {
		return nil
	}
	_, err := io.Copy(io.Discard, br.body)
	br.body = nil
	return err
}

func (br *BundleReader) header(kind byte) (uint64, error) {
	var h [9]byte
	if _, err := io.ReadFull(br.r, h[:]); err != nil {
		return 0, fmt.Errorf("%w: cut short (expected frame %q)", ErrBundle, kind)
	}
	if h[0] != kind {
		return 0, fmt.Errorf("%w: frame %q where %q belongs", ErrBundle, h[0], kind)
	}
	return binary.BigEndian.Uint64(h[1:]), nil
}

func (br *BundleReader) frame(kind byte, max int) ([]byte, error) {
	n, err := br.header(kind)
	if err != nil {
		return nil, err
	}
	if n > uint64(max) {
		return nil, fmt.Errorf("%w: frame %q of %d bytes is too large", ErrBundle, kind, n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(br.r, b); err != nil {
		return nil, fmt.Errorf("%w: cut short in frame %q", ErrBundle, kind)
	}
	return b, nil
}

// signedFrame reads a frame of kind and the signature frame that follows
// it.
func (br *BundleReader) signedFrame(kind byte, max int) (payload, sig []byte, err error) {
	if payload, err = br.frame(kind, max); err != nil {
		return nil, nil, err
	}
	if sig, err = br.frame(frameSignature, ed25519.SignatureSize); err != nil {
		return nil, nil, err
	}
	return payload, sig, nil
}

// hashReader passes through an attachment's bytes and, at their end, fails
// unless they hash to want.
type hashReader struct {
	r    io.Reader
	h    hash.Hash
	want []byte
	left int64
	err  error
}

func (hr *hashReader) Read(p []byte) (int, error) {
	if hr.err != nil {
		return 0, hr.err
	}
	n, err := hr.r.Read(p)
	hr.h.Write(p[:n])
	hr.left -= int64(n)
	if err == io.EOF {
		switch {
		case hr.left > 0:
			hr.err = fmt.Errorf("%w: cut short in an attachment", ErrBundle)
		case !bytes.Equal(hr.h.Sum(nil), hr.want):
			hr.err = fmt.Errorf("%w: attachment %s does not match its SHA-256", ErrBundle, short(hex.EncodeToString(hr.want)))
		default:
			hr.err = io.EOF
		}
		return n, hr.err
	}
	return n, err
}
