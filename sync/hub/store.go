package hub

import (
	"context"
	"crypto/ed25519"
	"errors"
	"io"
	"time"

	"gongkai/internal/domain"
	"gongkai/sync/protocol"
)

// Errors of the hub's store and service.
var (
	ErrNotFound    = errors.New("not found")
	ErrEnrollCode  = errors.New("enrolment code unknown, already used or expired")
	ErrRevoked     = errors.New("kiosk revoked")
	ErrUnknown     = errors.New("unknown kiosk or bad credential")
	ErrAhead       = errors.New("kiosk's version is ahead of the hub")
	ErrKioskNumber = errors.New("no kiosk number left (1-9999)")
	// ErrDeviceKeyFormat reports an enrolment whose device key is not an
	// Ed25519 public key.
	ErrDeviceKeyFormat = errors.New("device key is not an Ed25519 public key")
)

// Store is where the hub keeps its catalogue change log, attachments,
// kiosks and enrolment codes. SQLiteStore is the default (embedded, nothing
// to install); a province-scale deployment can add a PostgreSQL
// implementation of this interface without touching the HTTP API, the
// bundle writer or the import.
type Store interface {
	// Head returns the latest catalogue version (0 for an empty hub).
	Head(ctx context.Context) (int64, error)
	// NextVersion returns the lowest version above since, 0 if none.
	NextVersion(ctx context.Context, since int64) (int64, error)
	// Changes returns, read at one instant, the changes with since <
	// version <= upTo in version order, stopping before the one that would
	// take their data past maxBytes (always at least one); cut says it
	// stopped early; head is the latest version.
	Changes(ctx context.Context, since, upTo int64, maxBytes int) (changes []domain.Change, cut bool, head int64, err error)
	// Objects returns every live object (no tombstones).
	Objects(ctx context.Context) ([]domain.Object, error)
	// Digest returns domain.CatalogueDigest of the live objects.
	Digest(ctx context.Context) (string, error)
	// ApplyCatalogue makes the catalogue equal objects in one transaction:
	// new and changed objects get new versions, and with prune, live objects
	// missing from objects become tombstones. files are attachment metadata
	// whose blobs PutBlob already stored.
	// The kinds the hub publishes itself (domain.KindStaff) are never
	// pruned.
	ApplyCatalogue(ctx context.Context, objects []domain.Object, files []AttachmentInfo, prune bool, at time.Time) (*ImportResult, error)
	// ReplaceKind makes the live objects of kind equal objects in one
	// transaction, as ApplyCatalogue with prune does for the catalogue,
	// leaving every other kind alone.
	ReplaceKind(ctx context.Context, kind string, objects []domain.Object, at time.Time) (*ImportResult, error)
	// PublishObjects writes objects as ApplyCatalogue does without prune,
	// and withdraws (as tombstones) the live objects named in withdraw, in
	// one transaction: a console's publication of a few objects.
	PublishObjects(ctx context.Context, objects []domain.Object, files []AttachmentInfo, withdraw []ObjectKey, at time.Time) (*ImportResult, error)
	// Object returns one live object; ErrNotFound when there is none.
	Object(ctx context.Context, kind, id string) (domain.Object, error)

	// Attachment returns the metadata of an imported attachment.
	Attachment(ctx context.Context, sha string) (AttachmentInfo, error)
	// HasBlob reports whether the bytes of sha are stored.
	HasBlob(ctx context.Context, sha string) (bool, error)
	// PutBlob stores size bytes from r as sha, refusing bytes that do not
	// hash to sha; nothing is visible under sha until they have.
	PutBlob(ctx context.Context, sha string, size int64, r io.Reader) error
	// OpenBlob opens the stored bytes of sha.
	OpenBlob(ctx context.Context, sha string) (io.ReadSeekCloser, error)

	// AddEnrollCode records a one-time code by its hash.
	AddEnrollCode(ctx context.Context, codeHash []byte, name string, created, expires time.Time) error
	// Enroll uses up the code with codeHash (unknown, used or expired:
	// ErrEnrollCode) and records a kiosk with id, tokenHash and deviceKey
	// (nil if the kiosk sent none) under the next free kiosk number, in
	// one transaction.
	Enroll(ctx context.Context, codeHash []byte, id string, tokenHash []byte, deviceKey ed25519.PublicKey, at time.Time) (*Kiosk, error)
	// Kiosk returns the kiosk with id or, if ref is a number, that number.
	Kiosk(ctx context.Context, ref string) (*Kiosk, error)
	// Kiosks lists every kiosk by number.
	Kiosks(ctx context.Context) ([]Kiosk, error)
	// Revoke stops the kiosk ref (id or number) from using the hub.
	Revoke(ctx context.Context, ref string, at time.Time) (*Kiosk, error)
	// Seen records that kiosk id was seen at a time holding version.
	Seen(ctx context.Context, id string, version int64, at time.Time) error
	// Report records the health report kiosk id sent at a time.
	Report(ctx context.Context, id string, r protocol.KioskReport, at time.Time) error

	// AddCall records a visitor's 呼叫工作人员 at kiosk id (called by the
	// kiosk's clock, received by the hub's); a kiosk has at most one open
	// call, which a new one updates. It returns the call's id.
	AddCall(ctx context.Context, id, screen string, called, received time.Time) (int64, error)
	// OpenCalls lists the calls not yet handled, oldest first.
	OpenCalls(ctx context.Context) ([]Call, error)
	// HandleCall marks open call id handled by staff member by;
	// ErrNotFound when there is no such open call.
	HandleCall(ctx context.Context, id int64, by string, at time.Time) (*Call, error)

	Close() error
}

// ObjectKey names one catalogue object.
type ObjectKey struct{ Kind, ID string }

// AttachmentInfo is an attachment's metadata.
type AttachmentInfo struct {
	SHA256    string
	Size      int64
	MediaType string
}

// ImportResult says what an import changed: versions From+1..To were
// given to Added+Updated+Deleted objects.
type ImportResult struct {
	From, To  int64
	Added     int
	Updated   int
	Deleted   int
	Unchanged int
	Files     int // attachments newly stored
}

// Kiosk is an enrolled kiosk as the hub knows it.
type Kiosk struct {
	ID        string
	No        int
	Name      string
	TokenHash []byte
	Enrolled  time.Time
	LastSeen  time.Time // zero if never seen after enrolment
	Version   int64     // catalogue version it last reported
	Revoked   time.Time // zero unless revoked
	// Report is the health report the kiosk last sent, nil if none;
	// Reported when it arrived.
	Report   *protocol.KioskReport
	Reported time.Time
	// DeviceKey is the device public key sent at enrolment, nil if none
	// (see Submissions.DeviceKey for one registered after enrolment).
	DeviceKey ed25519.PublicKey
}
