// Package client is the kiosk's side of catalogue sync: it enrols with the
// hub and pins the hub's signing key, pulls signed pages of changes since
// the kiosk's cursor over HTTP or reads them from a bundle on a USB drive,
// verifies every page and file against the pinned key before anything
// becomes visible, and applies each page in one transaction with the new
// cursor. A Worker runs it in the background and reports a status for the
// header and the staff screen.
package client

import (
	"context"
	"crypto/ed25519"
	"errors"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/wallclock"
	"gongkai/sync/protocol"
)

// Meta keys the client keeps in the kiosk store.
const (
	MetaHubURL       = "hub_url"
	MetaKioskID      = "kiosk_id"
	MetaKioskNo      = "kiosk_no"
	MetaKioskName    = "kiosk_name"
	MetaSignKey      = "hub_sign_key" // pinned Ed25519 public key, base64
	MetaKeyID        = "hub_key_id"
	MetaAgeRecipient = "hub_age_recipient"
	MetaLastSync     = "last_sync" // RFC 3339, last successful sync
	MetaUSBSeen      = "usb_bundles_seen"
)

// Files in the kiosk's data directory.
const (
	SecretFile    = "device.secret" // the device token (mode 0600)
	DeviceKeyFile = "device.key"    // the kiosk's Ed25519 key for signing exports (mode 0600)
	AttachmentDir = "attachments"   // verified attachments, named by SHA-256
)

// Catalogue is what the client needs of the kiosk's store (internal/store
// provides it through NewStoreCatalogue).
type Catalogue interface {
	// Cursor returns the highest catalogue version applied.
	Cursor(ctx context.Context) (int64, error)
	// ApplyPage applies changes and moves the cursor from from to to in one
	// transaction; it refuses to <= cursor and from > cursor.
	ApplyPage(ctx context.Context, from, to int64, changes []domain.Change, at time.Time) error
	// ReplaceOnNextPage makes the next applied page replace the whole
	// catalogue and resets the cursor to 0: the kiosk was re-pinned to
	// another hub, whose versions mean nothing against the old ones.
	ReplaceOnNextPage(ctx context.Context) error
	// Meta returns a stored value, "" when unset.
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

// Errors of sync; Problem turns them into plain Chinese for staff.
var (
	ErrNotEnrolled  = errors.New("kiosk is not enrolled with a hub")
	ErrRevoked      = errors.New("the hub revoked this kiosk")
	ErrUnauthorized = errors.New("the hub does not know this kiosk's credential")
	ErrUnreachable  = errors.New("the hub cannot be reached")
	ErrHubError     = errors.New("the hub answered with an error")
	ErrKioskAhead   = errors.New("the kiosk's catalogue is newer than the hub's")
	ErrOlder        = errors.New("bundle is not newer than the kiosk's catalogue")
	ErrGap          = errors.New("bundle starts above the kiosk's catalogue version")
	ErrMissingFile  = errors.New("a document's attachment is missing")
	ErrEnrollCode   = errors.New("enrolment code unknown, used or expired")
)

// Options adjust a Client. Zero values give the defaults.
type Options struct {
	HTTP     *http.Client     // without compression of its own; a default one if nil
	Now      func() time.Time // default wallclock.Now (time.Now, or faketime's)
	Logger   *slog.Logger     // discards if nil
	PageSize int              // changes per page; protocol.DefaultPageSize
	// HubURLs are more addresses of the enrolled hub (several hub
	// processes, or fronts): on a connection error or a 5xx answer the
	// kiosk tries them in turn and sticks to the one that answers.
	HubURLs []string
	// Report gives the kiosk's health (app version, queue, printer, disk)
	// sent to the hub with each sync; the client fills in the catalogue
	// version. nil sends none.
	Report func(context.Context) protocol.KioskReport
}

// Client syncs one kiosk's catalogue. Its methods may be called from
// several goroutines; syncs run one at a time.
type Client struct {
	dir      string
	cat      Catalogue
	http     *http.Client
	now      func() time.Time
	log      *slog.Logger
	pageSize int
	report   func(context.Context) protocol.KioskReport
	reportAt atomic.Pointer[string] // the header of the sync under way

	extraURLs []string               // Options.HubURLs
	current   atomic.Pointer[string] // the hub address that last answered

	mu sync.Mutex // one sync (network or bundle) at a time
}

// New returns a client for the kiosk whose data directory is dir.
func New(dir string, cat Catalogue, opt Options) *Client {
	c := &Client{dir: dir, cat: cat, http: opt.HTTP, now: opt.Now, log: opt.Logger, pageSize: opt.PageSize, report: opt.Report,
		extraURLs: opt.HubURLs}
	if c.http == nil {
		c.http = &http.Client{Transport: NewTransport(nil)}
	}
	if c.now == nil {
		c.now = wallclock.Now
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.pageSize <= 0 {
		c.pageSize = protocol.DefaultPageSize
	}
	return c
}

// AttachmentPath returns where a verified attachment's bytes are kept.
func (c *Client) AttachmentPath(sha string) string {
	return filepath.Join(c.dir, AttachmentDir, sha)
}

// Hub is what the kiosk knows of its hub.
type Hub struct {
	URL string // "" for a kiosk fed only by USB bundles; else the address to use now

	KioskID      string
	KioskNo      int
	KioskName    string
	SignKey      ed25519.PublicKey
	KeyID        string
	AgeRecipient string
}

// Hub returns the pinned hub, or ErrNotEnrolled.
func (c *Client) Hub(ctx context.Context) (*Hub, error) {
	get := func(k string) string {
		v, _ := c.cat.Meta(ctx, k)
		return v
	}
	raw := get(MetaSignKey)
	if raw == "" {
		return nil, ErrNotEnrolled
	}
	pub, err := protocol.DecodePublicKey(raw)
	if err != nil {
		return nil, err
	}
	no, _ := strconv.Atoi(get(MetaKioskNo))
	url := get(MetaHubURL)
	if url != "" {
		url = c.currentURL(ctx, url)
	}
	return &Hub{URL: url, KioskID: get(MetaKioskID), KioskNo: no, KioskName: get(MetaKioskName),
		SignKey: pub, KeyID: protocol.Fingerprint(pub), AgeRecipient: get(MetaAgeRecipient)}, nil
}

// LastSync returns the time of the last successful sync, zero if none.
func (c *Client) LastSync(ctx context.Context) time.Time {
	v, _ := c.cat.Meta(ctx, MetaLastSync)
	t, _ := time.Parse(time.RFC3339Nano, v)
	return t
}

// Result says what one sync pass or bundle import did.
type Result struct {
	From, To  int64 // the cursor before and after
	Pages     int   // pages applied
	Changes   int   // changes applied
	Files     int   // attachments fetched or copied
	WireBytes int64 // bytes received for pages (compressed as sent)
	RawBytes  int64 // the same pages uncompressed
}
