package hub

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gongkai/internal/datadir"
	"gongkai/internal/pgdb"
	"gongkai/internal/throttle"
	"gongkai/internal/wallclock"
	"gongkai/sync/protocol"
)

// EnrollCodeTTL is how long a one-time enrolment code stays usable.
const EnrollCodeTTL = 24 * time.Hour

// Options adjust how a hub is opened. Zero values give the defaults.
type Options struct {
	Now    func() time.Time // the clock; time.Now
	Logger *slog.Logger     // discards when nil
	// Store replaces the store the data directory names (OpenStore).
	Store Store
	// Limits replaces the guess limits the data directory names
	// (internal/throttle: in the PostgreSQL database, or limits.db).
	Limits Limits
	// DatabaseURL is the PostgreSQL database of the hub's stores (a --db
	// flag, database_url in the hub's config); "" for the one Init
	// recorded in the data directory, or, without one, its SQLite files.
	DatabaseURL string
	// PageBytes is the budget of object data per page; DefaultPageBytes.
	PageBytes int
}

// Hub is the agency's catalogue authority: its store and its keys.
type Hub struct {
	Dir   string
	Store Store
	// Limits are the status page's and enrolment's guess limits.
	Limits Limits
	// DatabaseURL is the PostgreSQL database of the hub's stores, "" when
	// they are the SQLite files in Dir.
	DatabaseURL string
	Keys        *Keys
	Now         func() time.Time
	Log         *slog.Logger

	PageBytes int // see Options

	pages *pageShelf
}

// Init creates a hub in dir: the database, the signing key and the age
// identity. It refuses a directory that already holds a hub. With
// opt.DatabaseURL the stores are in that PostgreSQL database, recorded in
// dir for the hub's later commands; Init refuses a database that already
// holds a hub's catalogue or kiosks (a second process of a hub shares its
// data directory's keys instead).
func Init(ctx context.Context, dir string, opt Options) (*Hub, error) {
	if opt.DatabaseURL != "" && !pgdb.IsURL(opt.DatabaseURL) {
		return nil, ErrNotDatabaseURL
	}
	if err := datadir.Make(dir); err != nil {
		return nil, err
	}
	for _, name := range []string{"hub.db", DatabaseFile, SignKeyFile, AgeKeyFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return nil, fmt.Errorf("%s already holds a hub (%s exists); its keys are never overwritten", dir, name)
		}
	}
	if opt.DatabaseURL != "" && opt.Store == nil {
		if err := emptyDatabase(ctx, opt.DatabaseURL); err != nil {
			return nil, err
		}
	}
	keys, err := createKeys(dir)
	if err != nil {
		return nil, fmt.Errorf("create keys: %w", err)
	}
	if opt.DatabaseURL != "" {
		if err := RecordDatabaseURL(dir, opt.DatabaseURL); err != nil {
			return nil, err
		}
	}
	h, err := open(ctx, dir, keys, opt)
	if err != nil {
		return nil, err
	}
	return h, nil
}

// emptyDatabase refuses a PostgreSQL database whose hub tables hold a
// catalogue or kiosks already.
func emptyDatabase(ctx context.Context, url string) error {
	s, err := OpenPG(ctx, url)
	if err != nil {
		return err
	}
	defer s.Close()
	head, err := s.Head(ctx)
	if err != nil {
		return err
	}
	ks, err := s.Kiosks(ctx)
	if err != nil {
		return err
	}
	if head > 0 || len(ks) > 0 {
		return fmt.Errorf("the database already holds a hub (catalogue version %d, %d kiosks): copy that hub's data directory (its keys) instead of running init again", head, len(ks))
	}
	return nil
}

// Open opens the hub in dir made by Init.
func Open(ctx context.Context, dir string, opt Options) (*Hub, error) {
	url, err := DatabaseURL(dir, opt.DatabaseURL)
	if err != nil {
		return nil, err
	}
	opt.DatabaseURL = url
	if _, err := os.Stat(filepath.Join(dir, "hub.db")); errors.Is(err, fs.ErrNotExist) && opt.Store == nil && url == "" {
		return nil, fmt.Errorf("%s holds no hub: run `hub init --data %s` first", dir, dir)
	}
	keys, err := loadKeys(dir)
	if err != nil {
		return nil, err
	}
	return open(ctx, dir, keys, opt)
}

func open(ctx context.Context, dir string, keys *Keys, opt Options) (*Hub, error) {
	h := &Hub{Dir: dir, Keys: keys, Store: opt.Store, DatabaseURL: opt.DatabaseURL, Now: opt.Now, Log: opt.Logger, PageBytes: opt.PageBytes,
		pages: newPageShelf(filepath.Join(dir, PagesDir))}
	if h.PageBytes <= 0 {
		h.PageBytes = DefaultPageBytes
	}
	if h.Now == nil {
		h.Now = wallclock.Now
	}
	if h.Log == nil {
		h.Log = slog.New(slog.DiscardHandler)
	}
	if h.Store == nil {
		s, err := OpenStore(ctx, dir, h.DatabaseURL)
		if err != nil {
			return nil, err
		}
		h.Store = s
	}
	h.Limits = opt.Limits
	if h.Limits == nil {
		l, err := throttle.Open(ctx, dir, h.DatabaseURL)
		if err != nil {
			h.Store.Close()
			return nil, err
		}
		h.Limits = l
	}
	return h, nil
}

// Close closes the store and the limits.
func (h *Hub) Close() error { return errors.Join(h.Store.Close(), h.Limits.Close()) }

// DefaultPageBytes is the budget of object data in one page: about 100
// realistic documents, 0.4 MB compressed. Pages of a few hundred kilobytes
// keep each response short when many kiosks pull at once, and the kiosk's
// transactions small.
const DefaultPageBytes = 1 << 20

// Page returns the signed page of changes above since: at most limit
// versions, ending on the next multiple of limit, or at the head, or, when
// the data reaches the byte budget, on the last multiple of limit/10 within
// it. Cutting on these grids makes kiosks that started from different
// versions ask for the same pages after their first.
func (h *Hub) Page(ctx context.Context, since int64, limit int) (protocol.SignedPayload, *protocol.Page, error) {
	if limit <= 0 {
		limit = protocol.DefaultPageSize
	}
	limit = min(limit, protocol.MaxPageSize)
	p := &protocol.Page{Protocol: protocol.Version, KeyID: h.Keys.KeyID(), From: since, To: since}
	first, err := h.Store.NextVersion(ctx, since)
	if err != nil {
		return protocol.SignedPayload{}, nil, err
	}
	if first == 0 {
		head, err := h.Store.Head(ctx)
		if err != nil {
			return protocol.SignedPayload{}, nil, err
		}
		if since > head {
			return protocol.SignedPayload{}, nil, fmt.Errorf("%w: kiosk at %d, hub at %d", ErrAhead, since, head)
		}
	} else {
		boundary := ((first-1)/int64(limit) + 1) * int64(limit)
		changes, cut, head, err := h.Store.Changes(ctx, since, boundary, h.PageBytes)
		if err != nil {
			return protocol.SignedPayload{}, nil, err
		}
		p.Changes, p.To = changes, min(boundary, head)
		if cut {
			// Cut on a finer grid too, so that kiosks cut short by the
			// budget still meet on shared pages.
			p.To = changes[len(changes)-1].Version
			if g := max(int64(limit)/10, 1); p.To/g*g > since {
				p.To = p.To / g * g
				for len(p.Changes) > 0 && p.Changes[len(p.Changes)-1].Version > p.To {
					p.Changes = p.Changes[:len(p.Changes)-1]
				}
			}
		}
		p.More = p.To < head
	}
	sp, err := protocol.SignPage(h.Keys.Sign, p)
	return sp, p, err
}

// codeAlphabet is Crockford's base32: no I, L, O or U to misread.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewEnrollCode makes a one-time enrolment code for a kiosk called name,
// valid for EnrollCodeTTL, shown as XXXX-XXXX-XXXX (60 random bits).
func (h *Hub) NewEnrollCode(ctx context.Context, name string) (code string, expires time.Time, err error) {
	raw := make([]byte, 12)
	if _, err := rand.Read(raw); err != nil {
		return "", time.Time{}, err
	}
	var b strings.Builder
	for i, c := range raw {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(codeAlphabet[int(c)%len(codeAlphabet)])
	}
	now := h.Now()
	expires = now.Add(EnrollCodeTTL)
	if err := h.Store.AddEnrollCode(ctx, codeHash(b.String()), strings.TrimSpace(name), now, expires); err != nil {
		return "", time.Time{}, err
	}
	return b.String(), expires, nil
}

// codeHash normalises a typed code (case, dashes, spaces, O for 0, I and
// L for 1) and hashes it.
func codeHash(code string) []byte {
	code = strings.ToUpper(code)
	code = strings.NewReplacer("-", "", " ", "", "O", "0", "I", "1", "L", "1").Replace(code)
	sum := sha256.Sum256([]byte(code))
	return sum[:]
}

// Enroll exchanges a one-time code for a new kiosk's credential and the
// hub's public keys, without a device key (the kiosk registers it later
// with PUT /v1/device-key).
func (h *Hub) Enroll(ctx context.Context, code string) (*protocol.EnrollResponse, error) {
	return h.EnrollDevice(ctx, code, nil)
}

// EnrollDevice is Enroll recording the kiosk's device public key (nil for
// none) in the same transaction, so the hub can verify the kiosk's sealed
// records even if it never syncs (a USB export). A key of the wrong size
// is ErrDeviceKeyFormat.
func (h *Hub) EnrollDevice(ctx context.Context, code string, deviceKey ed25519.PublicKey) (*protocol.EnrollResponse, error) {
	idb := make([]byte, 8)
	secret := make([]byte, 32)
	if _, err := rand.Read(idb); err != nil {
		return nil, err
	}
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	token := base64.RawURLEncoding.EncodeToString(secret)
	th := sha256.Sum256([]byte(token))
	k, err := h.Store.Enroll(ctx, codeHash(code), "kiosk-"+hex.EncodeToString(idb), th[:], deviceKey, h.Now())
	if err != nil {
		return nil, err
	}
	resp := &protocol.EnrollResponse{
		Protocol: protocol.Version, KioskID: k.ID, KioskNo: k.No, Name: k.Name, Token: token,
		SignKey: protocol.EncodePublicKey(h.Keys.SignPublic()), KeyID: h.Keys.KeyID(),
		AgeRecipient: h.Keys.AgeRecipient(),
	}
	if k.DeviceKey != nil {
		resp.DeviceKeyID = protocol.Fingerprint(k.DeviceKey)
	}
	h.Log.Info("kiosk enrolled", "kiosk", k.ID, "no", k.No, "device_key", resp.DeviceKeyID != "")
	return resp, nil
}

// Authenticate checks a "Bearer <kiosk id>.<token>" credential.
func (h *Hub) Authenticate(ctx context.Context, authorization string) (*Kiosk, error) {
	return h.authenticate(ctx, authorization, h.Store.Kiosk)
}

// authenticate is Authenticate reading the kiosk with kiosk.
func (h *Hub) authenticate(ctx context.Context, authorization string, kiosk func(context.Context, string) (*Kiosk, error)) (*Kiosk, error) {
	cred, ok := strings.CutPrefix(authorization, "Bearer ")
	if !ok {
		return nil, ErrUnknown
	}
	id, token, ok := strings.Cut(strings.TrimSpace(cred), ".")
	if !ok || !strings.HasPrefix(id, "kiosk-") {
		return nil, ErrUnknown
	}
	k, err := kiosk(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, ErrUnknown
	} else if err != nil {
		return nil, err
	}
	th := sha256.Sum256([]byte(token))
	if subtle.ConstantTimeCompare(th[:], k.TokenHash) != 1 {
		return nil, ErrUnknown
	}
	if !k.Revoked.IsZero() {
		return k, ErrRevoked
	}
	return k, nil
}

// Digest returns domain.CatalogueDigest of the hub's live catalogue.
func (h *Hub) Digest(ctx context.Context) (string, error) { return h.Store.Digest(ctx) }
