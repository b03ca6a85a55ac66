package client

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/gunzip"
	"gongkai/sync/protocol"
)

// Timeouts of one page and one attachment download.
const (
	pageTimeout       = 2 * time.Minute
	attachmentTimeout = 30 * time.Minute
)

// SyncOnce pulls every change since the kiosk's cursor from the hub. Each
// page is verified against the pinned key; the attachments it names that
// the kiosk lacks are fetched and verified; only then is the page applied,
// in one transaction with the new cursor. A pass cut off anywhere resumes
// from the last applied page next time; leftovers of a cut-off pass are
// removed first.
func (c *Client) SyncOnce(ctx context.Context) (*Result, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, res, err := c.begin(ctx)
	if err != nil {
		return nil, err
	}
	if h.URL == "" {
		return nil, fmt.Errorf("%w: this kiosk is fed by USB bundles only (no hub URL)", ErrNotEnrolled)
	}
	secret, err := c.secret()
	if err != nil {
		return nil, err
	}
	cursor := res.From
	cred := h.KioskID + "." + secret
	c.prepareReport(ctx, cursor)
	defer c.reportAt.Store(nil)

	// Pages are fetched and verified ahead while earlier ones are applied;
	// the pages already waiting when the store is free are applied together
	// in one transaction (see applyBatch).
	var applied atomic.Int64
	applied.Store(cursor)
	fctx, cancel := context.WithCancel(ctx)
	pages := make(chan fetched, fetchAhead)
	done := make(chan struct{})
	defer func() {
		cancel()
		<-done
	}()
	go func() {
		defer close(done)
		defer close(pages)
		for since, size := cursor, int64(0); ; {
			f := fetched{since: since}
			f.page, f.wire, f.raw, f.err = c.fetchPage(fctx, h, cred, since, &applied, size)
			size = f.raw
			select {
			case pages <- f:
			case <-fctx.Done():
				return
			}
			if f.err != nil || f.page.To == since || !f.page.More {
				return
			}
			since = f.page.To
		}
	}()
	b := batch{from: cursor, to: cursor}
	for f := range pages {
		upToDate, err := c.take(ctx, h, cred, &b, f, res)
		if err == nil && !upToDate && len(pages) > 0 && b.pages < batchPages && b.raw < batchBytes {
			continue // the next page is already here: apply it with this one
		}
		if aerr := c.applyBatch(ctx, &b, res, &applied); aerr != nil {
			return res, aerr
		}
		if err != nil {
			return res, err
		}
		if upToDate {
			break
		}
	}
	if err := c.applyBatch(ctx, &b, res, &applied); err != nil {
		return res, err
	}
	if res.Pages > 0 {
		c.prepareReport(ctx, res.To)
		c.reportVersion(ctx, h, cred, res.To)
	}
	c.synced(ctx)
	c.log.Info("synced", "from", res.From, "to", res.To, "pages", res.Pages, "files", res.Files, "wire_bytes", res.WireBytes)
	return res, nil
}

// Fetching ahead and batching. A page of realistic documents is about 100
// of them (the hub's byte budget keeps pages short for many kiosks); the
// store's cost per transaction (a new index segment, the commit, loading
// the segment list) then dominates a long sync. So the pages that have
// already arrived and been verified when the store becomes free are applied
// in one transaction, up to batchPages pages or batchBytes of page data.
// Each page is still applied whole with the cursor that ends it, so a
// visitor never sees half a page and a sync cut off anywhere resumes from
// the last page applied.
const (
	fetchAhead = 16       // verified pages waiting for the store: a whole batch
	batchPages = 16       // pages applied in one transaction at most
	batchBytes = 16 << 20 // uncompressed page bytes in one transaction at most
)

// batch is the run of consecutive verified pages waiting to be applied
// together: changes in (from, to].
type batch struct {
	from, to int64
	changes  []domain.Change
	pages    int
	raw      int64
}

// take adds a fetched page to b once its attachments are present. It
// reports whether the hub had nothing new (the page is empty at b's end).
func (c *Client) take(ctx context.Context, h *Hub, cred string, b *batch, f fetched, res *Result) (bool, error) {
	res.WireBytes += f.wire
	res.RawBytes += f.raw
	if f.err != nil {
		return false, f.err
	}
	p := f.page
	switch {
	case p.From == b.to:
		if p.To == b.to {
			return true, nil
		}
	case p.From < b.to && p.To > b.to:
		// Asked with overlap: the hub's shared page that starts below the
		// cursor. The changes up to the cursor are applied already.
		p.Changes = slices.DeleteFunc(p.Changes, func(ch domain.Change) bool { return ch.Version <= b.to })
		p.From = b.to
	default:
		return false, fmt.Errorf("%w: asked for changes since %d, got a page from %d to %d", protocol.ErrMalformed, b.to, p.From, p.To)
	}
	n, err := c.fetchAttachments(ctx, h, cred, p)
	res.Files += n
	if err != nil {
		return false, err
	}
	if b.pages == 0 {
		b.changes = p.Changes
	} else {
		b.changes = append(b.changes[:len(b.changes):len(b.changes)], p.Changes...)
	}
	b.to = p.To
	b.pages++
	b.raw += f.raw
	return false, nil
}

// applyBatch applies the pages in b, if any, in one transaction with the
// cursor at their end, and empties b.
func (c *Client) applyBatch(ctx context.Context, b *batch, res *Result, applied *atomic.Int64) error {
	if b.pages == 0 {
		return nil
	}
	if err := c.cat.ApplyPage(ctx, b.from, b.to, b.changes, c.now()); err != nil {
		return fmt.Errorf("apply page %d..%d: %w", b.from, b.to, err)
	}
	res.Pages += b.pages
	res.Changes += len(b.changes)
	res.To = b.to
	applied.Store(b.to)
	*b = batch{from: b.to, to: b.to}
	return nil
}

// fetched is a page fetched ahead of its application.
type fetched struct {
	since     int64
	page      *protocol.Page
	wire, raw int64
	err       error
}

func (c *Client) synced(ctx context.Context) {
	if err := c.cat.SetMeta(ctx, MetaLastSync, c.now().UTC().Format(time.RFC3339Nano)); err != nil {
		c.log.Warn("save last sync time", "err", err)
	}
}

// cleanup removes partial downloads a crash or failed sync left.
func (c *Client) cleanup() {
	if n, err := protocol.RemoveParts(filepath.Join(c.dir, AttachmentDir)); err != nil {
		c.log.Warn("remove partial downloads", "err", err)
	} else if n > 0 {
		c.log.Info("removed partial downloads", "files", n)
	}
}

// begin starts a pass (a sync or a bundle import) with the hub the kiosk
// is enrolled with: it clears what an interrupted pass left and returns a
// Result at the kiosk's cursor.
func (c *Client) begin(ctx context.Context) (*Hub, *Result, error) {
	h, err := c.Hub(ctx)
	if err != nil {
		return nil, nil, err
	}
	c.cleanup()
	cursor, err := c.cat.Cursor(ctx)
	if err != nil {
		return nil, nil, err
	}
	return h, &Result{From: cursor, To: cursor}, nil
}

func (c *Client) newRequest(ctx context.Context, h *Hub, cred, path string, cursor int64) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", h.URL+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set(protocol.HeaderProtocol, protocol.Version)
	req.Header.Set("Authorization", "Bearer "+cred)
	req.Header.Set(protocol.HeaderCatalogue, strconv.FormatInt(cursor, 10))
	if v := c.reportAt.Load(); v != nil {
		req.Header.Set(protocol.HeaderReport, *v)
	}
	return req, nil
}

// send sends req; a failure to reach the hub is ErrUnreachable.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil && errors.Is(err, ctxErr) && !errors.Is(ctxErr, context.DeadlineExceeded) {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	return resp, nil
}

// fetchPage gets and verifies the page since cursor. It returns the bytes
// received on the wire and the page's size uncompressed.
// applied is the kiosk's cursor to report, which lags since while pages
// are fetched ahead; size is the length to expect (the last page's), so
// that reading a megabyte page does not copy it a dozen times as it grows.
func (c *Client) fetchPage(ctx context.Context, h *Hub, cred string, since int64, applied *atomic.Int64, size int64) (*protocol.Page, int64, int64, error) {
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	req, err := c.newRequest(ctx, h, cred, fmt.Sprintf("/v1/changes?since=%d&limit=%d&%s=1", since, c.pageSize, protocol.QueryOverlap), applied.Load())
	if err != nil {
		return nil, 0, 0, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := c.do(req)
	if err != nil {
		return nil, 0, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, 0, 0, statusError(resp)
	}
	// The whole body first, then inflated at once (internal/gunzip): a
	// gzip page is a fifth to a third of its payload.
	gzipped := resp.Header.Get("Content-Encoding") == "gzip"
	want, limit := min(size, protocol.MaxPageBytes), int64(protocol.MaxPageBytes+1)
	if gzipped {
		want, limit = want/2, 2*limit // incompressible data grow a little
	}
	buf := bytes.NewBuffer(make([]byte, 0, want+bytes.MinRead))
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, limit))
	if err != nil {
		// A connection cut in the middle of a page: nothing of it is used.
		return nil, n, 0, fmt.Errorf("%w: page cut off: %v", ErrUnreachable, err)
	}
	payload := buf.Bytes()
	if gzipped {
		if payload, err = gunzip.Decode(payload, protocol.MaxPageBytes+1); err != nil {
			return nil, n, 0, fmt.Errorf("%w: page: %v", ErrUnreachable, err)
		}
	}
	sig, err := base64.StdEncoding.DecodeString(resp.Header.Get(protocol.HeaderSignature))
	if err != nil {
		return nil, n, 0, fmt.Errorf("page: %w", protocol.ErrBadSignature)
	}
	p, err := protocol.VerifyPage(h.SignKey, payload, sig)
	return p, n, int64(len(payload)), err
}

// fetchAttachments gets the files p names that the kiosk lacks.
func (c *Client) fetchAttachments(ctx context.Context, h *Hub, cred string, p *protocol.Page) (int, error) {
	as, err := p.Attachments()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range as {
		if c.hasFile(a.SHA256, a.Size) {
			continue
		}
		if err := c.fetchAttachment(ctx, h, cred, a, p.From); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (c *Client) fetchAttachment(ctx context.Context, h *Hub, cred string, a domain.Attachment, cursor int64) error {
	ctx, cancel := context.WithTimeout(ctx, attachmentTimeout)
	defer cancel()
	req, err := c.newRequest(ctx, h, cred, "/v1/attachments/"+a.SHA256, cursor)
	if err != nil {
		return err
	}
	resp, err := c.do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("attachment %s: %w", a.Name, statusError(resp))
	}
	if err := protocol.WriteFileVerified(c.AttachmentPath(a.SHA256), a.SHA256, a.Size, resp.Body); err != nil {
		return fmt.Errorf("attachment %s: %w", a.Name, err)
	}
	return nil
}

// hasFile reports whether the verified file sha is present. Files are only
// ever renamed into place after verification, so name and size suffice.
func (c *Client) hasFile(sha string, size int64) bool {
	st, err := os.Stat(c.AttachmentPath(sha))
	return err == nil && st.Mode().IsRegular() && st.Size() == size
}

// reportVersion tells the hub the kiosk's new cursor (GET /v1/status).
func (c *Client) reportVersion(ctx context.Context, h *Hub, cred string, cursor int64) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := c.newRequest(ctx, h, cred, "/v1/status", cursor)
	if err != nil {
		return
	}
	resp, err := c.do(req)
	if err != nil {
		c.log.Warn("report version", "err", err)
		return
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
}

// statusError turns a hub's error answer into one of the package's errors.
func statusError(resp *http.Response) error {
	var e protocol.ErrorBody
	json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&e)
	msg := e.Message
	if msg == "" {
		msg = resp.Status
	}
	switch {
	case e.Code == protocol.CodeRevoked:
		return ErrRevoked
	case resp.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("%w: %s", ErrUnauthorized, msg)
	case e.Code == protocol.CodeVersion:
		return fmt.Errorf("%w: %s", protocol.ErrUnknownVersion, msg)
	case e.Code == protocol.CodeAhead:
		return fmt.Errorf("%w: %s", ErrKioskAhead, msg)
	}
	err := fmt.Errorf("%w: %s", ErrHubError, msg)
	if after, ok := retryAfterHeader(resp); ok {
		return &busyError{err: err, after: after}
	}
	return err
}

// busyError is a hub's 503 that said when to come back (Retry-After: the
// hub's database is restarting, or it sheds load).
type busyError struct {
	err   error
	after time.Duration
}

func (e *busyError) Error() string { return e.err.Error() }
func (e *busyError) Unwrap() error { return e.err }

// RetryAfter returns how long the hub asked to be left alone by the 503
// err carries (through wrapping and errors.Join); ok is false when it
// asked nothing.
func RetryAfter(err error) (after time.Duration, ok bool) {
	var b *busyError
	if errors.As(err, &b) {
		return b.after, true
	}
	return 0, false
}

// retryAfterHeader reads the Retry-After of a 503 in seconds, the form
// the hub sends (an HTTP date is ignored: it would need the hub's clock
// to agree with the kiosk's).
func retryAfterHeader(resp *http.Response) (time.Duration, bool) {
	if resp.StatusCode != http.StatusServiceUnavailable {
		return 0, false
	}
	n, err := strconv.ParseUint(strings.TrimSpace(resp.Header.Get("Retry-After")), 10, 32)
	if err != nil {
		return 0, false
	}
	return time.Duration(n) * time.Second, true
}

func hubMessage(resp *http.Response) string {
	var e protocol.ErrorBody
	json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&e)
	if e.Message == "" {
		return resp.Status
	}
	return e.Message
}
