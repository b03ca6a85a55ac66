package client

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"filippo.io/age"

	"gongkai/sync/protocol"
)

// Enroll exchanges a one-time code for this kiosk's device credential and
// pins the hub's signing key. The device key DATA/device.key is made if
// missing (an existing one is reused) before the request, which carries
// its public key for the hub to record with the kiosk. The token goes to
// DATA/device.secret (0600), the rest to the store's meta. A kiosk pinned
// to another hub key is refused unless force: its catalogue came from that
// hub.
func (c *Client) Enroll(ctx context.Context, hubURL, code string, force bool) (*Hub, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(hubURL), "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("hub URL %q: use a form like http://hub.example:8440", hubURL)
	}
	base := u.String()
	// The device key goes with the request, so the hub can verify this
	// kiosk's submissions even if it is taken offline before any sync.
	if err := c.ensureDeviceKey(); err != nil {
		return nil, fmt.Errorf("device key: %w", err)
	}
	key, err := c.DeviceKey()
	if err != nil {
		return nil, fmt.Errorf("device key %s: %w", DeviceKeyFile, err)
	}
	devPub := key.Public().(ed25519.PublicKey)
	body, _ := json.Marshal(protocol.EnrollRequest{Protocol: protocol.Version, Code: strings.TrimSpace(code),
		DeviceKey: protocol.EncodePublicKey(devPub)})
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/v1/enroll", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set(protocol.HeaderProtocol, protocol.Version)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests {
		return nil, fmt.Errorf("%w: %s", ErrEnrollCode, hubMessage(resp))
	} else if resp.StatusCode != http.StatusOK {
		return nil, statusError(resp)
	}
	var er protocol.EnrollResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&er); err != nil {
		return nil, fmt.Errorf("%w: enrolment answer: %v", protocol.ErrMalformed, err)
	}
	if er.Protocol != protocol.Version {
		return nil, fmt.Errorf("%w %q", protocol.ErrUnknownVersion, er.Protocol)
	}
	pub, err := protocol.DecodePublicKey(er.SignKey)
	if err != nil {
		return nil, err
	}
	if protocol.Fingerprint(pub) != er.KeyID {
		return nil, fmt.Errorf("%w: the hub's key id does not match its key", protocol.ErrWrongKey)
	}
	if er.KioskID == "" || strings.Contains(er.KioskID, ".") || er.Token == "" || er.KioskNo < 1 || er.KioskNo > 9999 {
		return nil, fmt.Errorf("%w: enrolment answer lacks a credential", protocol.ErrMalformed)
	}
	replace, err := c.checkRepin(ctx, pub, force)
	if err != nil {
		return nil, err
	}
	if err := c.writeSecret(er.Token); err != nil {
		return nil, err
	}
	h := &Hub{URL: base, KioskID: er.KioskID, KioskNo: er.KioskNo, KioskName: er.Name, SignKey: pub, KeyID: er.KeyID, AgeRecipient: er.AgeRecipient}
	if err := c.pin(ctx, h, replace); err != nil {
		return nil, err
	}
	// A hub that recorded the key says so; an older one ignores it and the
	// first sync registers it with PUT /v1/device-key instead.
	if er.DeviceKeyID == protocol.Fingerprint(devPub) {
		if err := c.cat.SetMeta(ctx, MetaDeviceKeyRegistered, er.DeviceKeyID); err != nil {
			return nil, fmt.Errorf("save %s: %w", MetaDeviceKeyRegistered, err)
		}
	} else if err := c.cat.SetMeta(ctx, MetaDeviceKeyRegistered, ""); err != nil {
		return nil, fmt.Errorf("save %s: %w", MetaDeviceKeyRegistered, err)
	}
	c.log.Info("enrolled", "kiosk", er.KioskID, "no", er.KioskNo, "key_id", er.KeyID, "device_key_recorded", er.DeviceKeyID != "")
	return h, nil
}

// PinHub pins a hub's signing key (and age recipient) without contacting
// it, for a kiosk fed only by USB bundles. Staff compare the fingerprint
// with `hub keys`.
func (c *Client) PinHub(ctx context.Context, signKey, ageRecipient string, force bool) (*Hub, error) {
	pub, err := protocol.DecodePublicKey(signKey)
	if err != nil {
		return nil, err
	}
	replace, err := c.checkRepin(ctx, pub, force)
	if err != nil {
		return nil, err
	}
	h := &Hub{SignKey: pub, KeyID: protocol.Fingerprint(pub), AgeRecipient: strings.TrimSpace(ageRecipient)}
	return h, c.pin(ctx, h, replace)
}

// checkRepin refuses to pin a key other than the pinned one unless force;
// with force it reports that the catalogue must be replaced.
func (c *Client) checkRepin(ctx context.Context, pub ed25519.PublicKey, force bool) (replace bool, err error) {
	old, err := c.Hub(ctx)
	if errors.Is(err, ErrNotEnrolled) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if old.SignKey.Equal(pub) {
		return false, nil
	}
	if !force {
		return false, fmt.Errorf("this kiosk is pinned to another hub key (%s…); re-enrol with --force only if the hub was replaced",
			protocol.FormatFingerprint(old.KeyID)[:19])
	}
	return true, nil
}

func (c *Client) pin(ctx context.Context, h *Hub, replace bool) error {
	if h.AgeRecipient != "" {
		if _, err := age.ParseX25519Recipient(h.AgeRecipient); err != nil {
			return fmt.Errorf("%w: age recipient: %v", protocol.ErrMalformed, err)
		}
	}
	if err := c.ensureDeviceKey(); err != nil {
		return err
	}
	if replace {
		if err := c.cat.ReplaceOnNextPage(ctx); err != nil {
			return err
		}
	}
	no := ""
	if h.KioskNo > 0 {
		no = strconv.Itoa(h.KioskNo)
	}
	for _, kv := range [][2]string{
		{MetaHubURL, h.URL}, {MetaKioskID, h.KioskID}, {MetaKioskNo, no}, {MetaKioskName, h.KioskName},
		{MetaAgeRecipient, h.AgeRecipient}, {MetaKeyID, h.KeyID},
		{MetaSignKey, protocol.EncodePublicKey(h.SignKey)}, // last: it marks the kiosk enrolled
	} {
		if err := c.cat.SetMeta(ctx, kv[0], kv[1]); err != nil {
			return fmt.Errorf("save %s: %w", kv[0], err)
		}
	}
	return nil
}

// writeSecret replaces DATA/device.secret (0600) atomically.
func (c *Client) writeSecret(token string) error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(c.dir, SecretFile), []byte(token+"\n"))
}

func (c *Client) secret() (string, error) {
	b, err := os.ReadFile(filepath.Join(c.dir, SecretFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("%w: %s is missing", ErrNotEnrolled, SecretFile)
	}
	return strings.TrimSpace(string(b)), err
}

// ensureDeviceKey makes DATA/device.key (Ed25519, 0600) if it is missing;
// it signs the kiosk's exported submissions.
func (c *Client) ensureDeviceKey() error {
	path := filepath.Join(c.dir, DeviceKeyFile)
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	b, err := protocol.MarshalPrivateKey(priv)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return err
	}
	return writeFileAtomic(path, b)
}

// DeviceKey reads the kiosk's own signing key.
func (c *Client) DeviceKey() (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(filepath.Join(c.dir, DeviceKeyFile))
	if err != nil {
		return nil, err
	}
	return protocol.ParsePrivateKey(b)
}

// writeFileAtomic writes b to path with mode 0600 by way of a synced
// temporary file and a rename.
func writeFileAtomic(path string, b []byte) error {
	return protocol.WriteAtomic(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
