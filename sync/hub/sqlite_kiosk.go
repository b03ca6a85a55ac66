package hub

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gongkai/internal/sqlrows"
	"gongkai/sync/protocol"
)

// AddEnrollCode records a one-time code by its hash.
func (s *SQLiteStore) AddEnrollCode(ctx context.Context, codeHash []byte, name string, created, expires time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO enroll_codes (code_hash, name, created, expires) VALUES (?, ?, ?, ?)`,
		codeHash, name, timeText(created), timeText(expires))
	return err
}

// Enroll uses up a code and records the kiosk, with its device key if
// any, in one transaction.
func (s *SQLiteStore) Enroll(ctx context.Context, codeHash []byte, id string, tokenHash []byte, deviceKey ed25519.PublicKey, at time.Time) (*Kiosk, error) {
	if deviceKey != nil && len(deviceKey) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: want %d bytes", ErrDeviceKeyFormat, ed25519.PublicKeySize)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var name string
	var expires string
	var used sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT name, expires, used FROM enroll_codes WHERE code_hash = ?`, codeHash).Scan(&name, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrEnrollCode
	} else if err != nil {
		return nil, err
	}
	exp, err := time.Parse(time.RFC3339Nano, expires)
	if err != nil || used.Valid || !at.Before(exp) {
		return nil, ErrEnrollCode
	}
	var no int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(no), 0) + 1 FROM kiosks`).Scan(&no); err != nil {
		return nil, err
	}
	if no > 9999 {
		return nil, ErrKioskNumber
	}
	if name == "" {
		name = fmt.Sprintf("终端 %d", no)
	}
	k := &Kiosk{ID: id, No: no, Name: name, TokenHash: tokenHash, Enrolled: at.UTC(), DeviceKey: deviceKey}
	var key any // NULL without a key
	if deviceKey != nil {
		key = []byte(deviceKey)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO kiosks (id, no, name, token_hash, enrolled, device_key) VALUES (?, ?, ?, ?, ?, ?)`,
		k.ID, k.No, k.Name, k.TokenHash, timeText(at), key); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE enroll_codes SET used = ?, kiosk_id = ? WHERE code_hash = ?`, timeText(at), id, codeHash); err != nil {
		return nil, err
	}
	return k, tx.Commit()
}

const kioskColumns = `id, no, name, token_hash, enrolled, last_seen, catalogue_version, revoked, device_key, report, reported`

func scanKiosk(row interface{ Scan(...any) error }) (*Kiosk, error) {
	var k Kiosk
	var enrolled string
	var seen, revoked, report, reported sql.NullString
	var key []byte
	if err := row.Scan(&k.ID, &k.No, &k.Name, &k.TokenHash, &enrolled, &seen, &k.Version, &revoked, &key, &report, &reported); err != nil {
		return nil, err
	}
	if report.Valid {
		var r protocol.KioskReport
		if json.Unmarshal([]byte(report.String), &r) == nil {
			k.Report = &r
		}
	}
	k.Reported = parseTime(reported)
	if len(key) == ed25519.PublicKeySize {
		k.DeviceKey = key
	}
	k.Enrolled = parseTime(sql.NullString{String: enrolled, Valid: true})
	k.LastSeen = parseTime(seen)
	k.Revoked = parseTime(revoked)
	return &k, nil
}

// Kiosk returns the kiosk with id ref, or number ref.
func (s *SQLiteStore) Kiosk(ctx context.Context, ref string) (*Kiosk, error) {
	q := `SELECT ` + kioskColumns + ` FROM kiosks WHERE id = ?`
	var arg any = ref
	if isNumber(ref) {
		n, _ := strconv.Atoi(ref)
		q, arg = `SELECT `+kioskColumns+` FROM kiosks WHERE no = ?`, n
	}
	k, err := scanKiosk(s.r.QueryRowContext(ctx, q, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("kiosk %s: %w", ref, ErrNotFound)
	}
	return k, err
}

// Kiosks lists every kiosk by number.
func (s *SQLiteStore) Kiosks(ctx context.Context) ([]Kiosk, error) {
	return sqlrows.Query(ctx, s.r, "kiosks", func(row sqlrows.Scanner) (Kiosk, error) {
		k, err := scanKiosk(row)
		if err != nil {
			return Kiosk{}, err
		}
		return *k, nil
	}, `SELECT `+kioskColumns+` FROM kiosks ORDER BY no`)
}

// Revoke marks the kiosk revoked; revoking twice keeps the first time.
func (s *SQLiteStore) Revoke(ctx context.Context, ref string, at time.Time) (*Kiosk, error) {
	k, err := s.Kiosk(ctx, ref)
	if err != nil {
		return nil, err
	}
	if _, err := s.w.ExecContext(ctx, `UPDATE kiosks SET revoked = COALESCE(revoked, ?) WHERE id = ?`, timeText(at), k.ID); err != nil {
		return nil, err
	}
	return s.Kiosk(ctx, k.ID)
}

// Seen records the kiosk's last contact and reported catalogue version.
func (s *SQLiteStore) Seen(ctx context.Context, id string, version int64, at time.Time) error {
	return s.WriteContacts(ctx, []KioskContact{{ID: id, Seen: true, Version: version, SeenAt: at}})
}

// Report records the health report a kiosk sent at a time.
func (s *SQLiteStore) Report(ctx context.Context, id string, r protocol.KioskReport, at time.Time) error {
	return s.WriteContacts(ctx, []KioskContact{{ID: id, Report: &r, ReportedAt: at}})
}

// WriteContacts records many kiosks' contacts in one transaction.
func (s *SQLiteStore) WriteContacts(ctx context.Context, cs []KioskContact) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, c := range cs {
		if c.Seen {
			if _, err := tx.ExecContext(ctx, `UPDATE kiosks SET last_seen = ?, catalogue_version = ? WHERE id = ?`, timeText(c.SeenAt), c.Version, c.ID); err != nil {
				return err
			}
		}
		if c.Report != nil {
			b, err := json.Marshal(c.Report)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE kiosks SET report = ?, reported = ? WHERE id = ?`, string(b), timeText(c.ReportedAt), c.ID); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}
