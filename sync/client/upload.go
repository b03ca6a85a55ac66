package client

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// MetaDeviceKeyRegistered holds the key id of the device key the hub has
// acknowledged, so it is registered once.
const MetaDeviceKeyRegistered = "device_key_registered"

// ErrDeviceKey reports that the hub holds another device key for this
// kiosk: its key file was replaced, and the hub would refuse every record.
var ErrDeviceKey = errors.New("the hub holds another device key for this kiosk")

// UplinkOptions adjust an Uplink. Zero values give the defaults.
type UplinkOptions struct {
	Timeout       time.Duration // one request; 60 s
	MaxBatchBytes int           // sealed bytes per request; 8 MiB
}

// Uplink carries the kiosk's outbox to the hub and the hub's status feed
// back: it is the outbox's Sender over HTTP (POST /v1/submissions, one ack
// per record), registers the kiosk's device key before the first upload,
// and exchanges the status feed (status reports and seat grants for the
// seats the kiosk hands back). See sync/hub.Submissions for the wire
// format.
type Uplink struct {
	c   *Client
	ob  *outbox.Outbox
	opt UplinkOptions

	mu sync.Mutex // one exchange at a time
}

// NewUplink returns the uplink of client c for outbox ob.
func NewUplink(c *Client, ob *outbox.Outbox, opt UplinkOptions) *Uplink {
	if opt.Timeout <= 0 {
		opt.Timeout = time.Minute
	}
	if opt.MaxBatchBytes <= 0 {
		opt.MaxBatchBytes = 8 << 20
	}
	return &Uplink{c: c, ob: ob, opt: opt}
}

// Outbox returns the outbox the uplink drains.
func (u *Uplink) Outbox() *outbox.Outbox { return u.ob }

// credential returns the hub and the bearer credential, or ErrNotEnrolled.
func (u *Uplink) credential(ctx context.Context) (*Hub, string, error) {
	h, err := u.c.Hub(ctx)
	if err != nil {
		return nil, "", err
	}
	if h.URL == "" || h.KioskID == "" {
		return nil, "", fmt.Errorf("%w: this kiosk has no hub to upload to (USB only: use kiosk export-queue)", ErrNotEnrolled)
	}
	secret, err := u.c.secret()
	if err != nil {
		return nil, "", err
	}
	return h, h.KioskID + "." + secret, nil
}

// post sends a JSON body and returns the response; a failure to reach the
// hub is ErrUnreachable.
func (u *Uplink) post(ctx context.Context, h *Hub, cred, method, path string, body any) (*http.Response, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, h.URL+path, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set(protocol.HeaderProtocol, protocol.Version)
	req.Header.Set("Authorization", "Bearer "+cred)
	req.Header.Set("Content-Type", "application/json")
	if v, err := u.c.cat.Cursor(ctx); err == nil {
		req.Header.Set(protocol.HeaderCatalogue, strconv.FormatInt(v, 10))
	}
	return u.c.do(req)
}

// authError turns a 401 into an error that stops the outbox's drain
// (outbox.ErrAuth) and that Problem shows to staff.
func authError(resp *http.Response) error {
	return fmt.Errorf("%w: %w", outbox.ErrAuth, statusError(resp))
}

// answerError is the error of an uplink answer other than 200 OK: an
// authentication failure (outbox.ErrAuth) or what the hub's error body
// says.
func answerError(resp *http.Response) error {
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return authError(resp)
	case resp.StatusCode != http.StatusOK:
		return statusError(resp)
	}
	return nil
}

// Send delivers one batch (outbox.Sender). The records go in requests of
// at most MaxBatchBytes of sealed data; an error means no answer for the
// records not yet answered.
func (u *Uplink) Send(ctx context.Context, recs []protocol.SealedRecord) ([]protocol.Ack, error) {
	h, cred, err := u.credential(ctx)
	if err != nil {
		return nil, err
	}
	var acks []protocol.Ack
	for start := 0; start < len(recs); {
		end, size := start, 0
		for end < len(recs) && (end == start || size+len(recs[end].Sealed) <= u.opt.MaxBatchBytes) {
			size += len(recs[end].Sealed)
			end++
		}
		a, err := u.send(ctx, h, cred, recs[start:end])
		if err != nil {
			if len(acks) > 0 && !errors.Is(err, outbox.ErrAuth) {
				return acks, nil // the rest count as unanswered: retried later
			}
			return acks, err
		}
		acks = append(acks, a...)
		start = end
	}
	return acks, nil
}

func (u *Uplink) send(ctx context.Context, h *Hub, cred string, recs []protocol.SealedRecord) ([]protocol.Ack, error) {
	ctx, cancel := context.WithTimeout(ctx, u.opt.Timeout)
	defer cancel()
	resp, err := u.post(ctx, h, cred, "POST", "/v1/submissions", protocol.SubmitRequest{Records: recs})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if err := answerError(resp); err != nil {
		return nil, err
	}
	var sr protocol.SubmitResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&sr); err != nil {
		// The answer was cut off: nothing of it is trusted.
		return nil, fmt.Errorf("%w: acknowledgement cut off: %v", ErrUnreachable, err)
	}
	return sr.Acks, nil
}

// RegisterDeviceKey tells the hub the kiosk's device public key, once:
// the hub checks every sealed record's signature with it.
func (u *Uplink) RegisterDeviceKey(ctx context.Context) error {
	key, err := u.c.DeviceKey()
	if err != nil {
		return fmt.Errorf("device key: %w", err)
	}
	pub := key.Public().(ed25519.PublicKey)
	id := protocol.Fingerprint(pub)
	if v, _ := u.c.cat.Meta(ctx, MetaDeviceKeyRegistered); v == id {
		return nil
	}
	h, cred, err := u.credential(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, u.opt.Timeout)
	defer cancel()
	resp, err := u.post(ctx, h, cred, "PUT", "/v1/device-key", protocol.DeviceKeyRequest{PublicKey: protocol.EncodePublicKey(pub)})
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNoContent, http.StatusOK:
	case http.StatusUnauthorized:
		return authError(resp)
	case http.StatusConflict:
		return fmt.Errorf("%w: %s", ErrDeviceKey, hubMessage(resp))
	default:
		return statusError(resp)
	}
	return u.c.cat.SetMeta(ctx, MetaDeviceKeyRegistered, id)
}

// Upload registers the device key if needed and drains the outbox to the
// hub (oldest first, in batches; see outbox.Drain).
func (u *Uplink) Upload(ctx context.Context) (outbox.DrainResult, error) {
	if err := u.RegisterDeviceKey(ctx); err != nil && !errors.Is(err, outbox.ErrAuth) {
		return outbox.DrainResult{}, err
	}
	// A refused credential is left to Drain, which stops at once and
	// records it for staff.
	return u.ob.Drain(ctx, u, u.c.now())
}
