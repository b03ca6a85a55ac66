package reprint

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/crypto/chacha20poly1305"

	"gongkai/internal/receipt"
)

// KeyFile is the archive key's file name in the kiosk's data directory:
// 32 random bytes, mode 0600, made on first use. It never leaves the
// kiosk; without it the archive is unreadable.
const KeyFile = "receipt.key"

// archiveKey is the open archive key.
type archiveKey struct {
	id   string // hex prefix of a hash of the key, stored with each row
	aead interface {
		Seal(dst, nonce, plaintext, additionalData []byte) []byte
		Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error)
		NonceSize() int
	}
}

// loadKey reads dataDir/receipt.key, creating it when it does not exist.
// A new key is written to a temporary file and linked into place, so two
// processes starting at once agree on one key and a crash never leaves a
// half-written key. A key file readable by others is narrowed to 0600.
func loadKey(dataDir string) (*archiveKey, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("receipt key: %w", err)
	}
	path := filepath.Join(dataDir, KeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		b, err = createKey(dataDir, path)
	}
	if err != nil {
		return nil, fmt.Errorf("receipt key: %w", err)
	}
	if len(b) != chacha20poly1305.KeySize {
		return nil, fmt.Errorf("receipt key %s: %d bytes, want %d", path, len(b), chacha20poly1305.KeySize)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, fmt.Errorf("receipt key: narrow mode of %s: %w", path, err)
		}
	}
	aead, err := chacha20poly1305.NewX(b)
	if err != nil {
		return nil, fmt.Errorf("receipt key: %w", err)
	}
	sum := sha256.Sum256(append([]byte("gongkai-receipt-key\x00"), b...))
	clear(b)
	return &archiveKey{id: hex.EncodeToString(sum[:8]), aead: aead}, nil
}

func createKey(dir, path string) ([]byte, error) {
	key := make([]byte, chacha20poly1305.KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(dir, ".receipt.key-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, err
	}
	if _, err := tmp.Write(key); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return os.ReadFile(path) // another process made it first: use theirs
	} else if err != nil {
		return nil, err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return key, nil
}

// aad binds a sealed receipt to its row, so a ciphertext copied onto
// another tracking number does not open.
func aad(tracking, kind string) []byte {
	return []byte("gongkai-receipt-v1\x00" + tracking + "\x00" + kind)
}

func (k *archiveKey) seal(r receipt.Receipt) (nonce, sealed []byte, err error) {
	plain, err := json.Marshal(r)
	if err != nil {
		return nil, nil, fmt.Errorf("encode receipt: %w", err)
	}
	defer clear(plain)
	nonce = make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, nil, err
	}
	return nonce, k.aead.Seal(nil, nonce, plain, aad(r.Tracking, r.Kind)), nil
}

func (k *archiveKey) open(tracking, kind string, nonce, sealed []byte) (receipt.Receipt, error) {
	var r receipt.Receipt
	plain, err := k.aead.Open(nil, nonce, sealed, aad(tracking, kind))
	if err != nil {
		return r, err
	}
	defer clear(plain)
	if err := json.Unmarshal(plain, &r); err != nil {
		return r, fmt.Errorf("decode receipt: %w", err)
	}
	return r, nil
}

// row is one archived receipt as stored.
type row struct {
	tracking, kind  string
	archived        time.Time
	keyID           string
	nonce, sealed   []byte
	prints          int
	failedAt        time.Time
	failure, detail string
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

// put stores r sealed, replacing an earlier copy of the same receipt but
// keeping its print history.
func (s *Service) put(ctx context.Context, r receipt.Receipt) error {
	nonce, sealed, err := s.key.seal(r)
	if err != nil {
		return err
	}
	now := s.opt.Now()
	_, err = s.db.ExecContext(ctx, `INSERT INTO reprint_receipts
		(tracking, kind, archived, expires, key_id, nonce, sealed) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tracking, kind) DO UPDATE SET archived = excluded.archived, expires = excluded.expires,
			key_id = excluded.key_id, nonce = excluded.nonce, sealed = excluded.sealed`,
		r.Tracking, r.Kind, ms(now), ms(now.Add(s.opt.Retention)), s.key.id, nonce, sealed)
	if err != nil {
		return fmt.Errorf("archive receipt %s: %w", r.Tracking, err)
	}
	return nil
}

// latest returns the newest archived receipt for a tracking number (a
// sign-up and its cancellation share one).
func (s *Service) latest(ctx context.Context, tracking string) (row, error) {
	var r row
	var archived, failedAt int64
	err := s.db.QueryRowContext(ctx, `SELECT tracking, kind, archived, key_id, nonce, sealed, prints, failed_at, failure, detail
		FROM reprint_receipts WHERE tracking = ? AND expires > ? ORDER BY archived DESC LIMIT 1`, tracking, ms(s.opt.Now())).
		Scan(&r.tracking, &r.kind, &archived, &r.keyID, &r.nonce, &r.sealed, &r.prints, &failedAt, &r.failure, &r.detail)
	if err != nil {
		return r, err
	}
	r.archived, r.failedAt = fromMS(archived), fromMS(failedAt)
	return r, nil
}

// decrypt opens a stored row.
func (s *Service) decrypt(r row) (receipt.Receipt, error) {
	if r.keyID != s.key.id {
		return receipt.Receipt{}, errKeyChanged
	}
	rc, err := s.key.open(r.tracking, r.kind, r.nonce, r.sealed)
	if err != nil {
		return rc, fmt.Errorf("open archived receipt %s: %w: %w", r.tracking, err, errUnreadable)
	}
	return rc, nil
}

// markPrinted records a good print: it clears a pending failure.
func (s *Service) markPrinted(ctx context.Context, tracking, kind string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE reprint_receipts SET prints = prints + 1, last_printed = ?,
		failed_at = 0, failure = '', detail = '' WHERE tracking = ? AND kind = ?`, ms(s.opt.Now()), tracking, kind)
	if err != nil {
		return fmt.Errorf("record print of %s: %w", tracking, err)
	}
	return nil
}

// markFailed records a failed print for the staff screen. A receipt that
// printed before and failed on a reprint is pending again: the person is
// still waiting for it.
func (s *Service) markFailed(ctx context.Context, tracking, kind, failure, detail string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE reprint_receipts SET failed_at = ?, failure = ?, detail = ?
		WHERE tracking = ? AND kind = ?`, ms(s.opt.Now()), failure, detail, tracking, kind)
	if err != nil {
		return fmt.Errorf("record print failure of %s: %w", tracking, err)
	}
	return nil
}

// Purge deletes archived receipts past their retention and returns how
// many went. New and Print call it; the kiosk may call it at any time.
func (s *Service) Purge(ctx context.Context) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM reprint_receipts WHERE expires <= ?`, ms(s.opt.Now()))
	if err != nil {
		return 0, fmt.Errorf("purge receipts: %w", err)
	}
	n, _ := res.RowsAffected()
	s.mu.Lock()
	s.purged = s.opt.Now()
	s.mu.Unlock()
	return int(n), nil
}

// ignoreNoRows turns sql.ErrNoRows into ok=false.
func ignoreNoRows(err error) (ok bool, _ error) {
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
