package hub

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"gongkai/internal/pgdb"
	"gongkai/sync/protocol"
)

// AddEnrollCode records a one-time code by its hash. Run again after a
// lost connection, it finds its own row there (same name and time) and
// is done; a row of another code with the same hash is still refused.
func (s *PGStore) AddEnrollCode(ctx context.Context, codeHash []byte, name string, created, expires time.Time) error {
	return pgdb.Retry(ctx, func() error {
		tag, err := s.db.Exec(ctx, `INSERT INTO enroll_codes (code_hash, name, created, expires) VALUES ($1, $2, $3, $4)
			ON CONFLICT (code_hash) DO NOTHING`, codeHash, name, created.UTC(), expires.UTC())
		if err != nil || tag.RowsAffected() == 1 {
			return err
		}
		var mine bool
		if err := s.db.QueryRow(ctx, `SELECT name = $2 AND created = $3 AND expires = $4 AND used IS NULL FROM enroll_codes WHERE code_hash = $1`,
			codeHash, name, created.UTC(), expires.UTC()).Scan(&mine); err != nil {
			return err
		}
		if !mine {
			return errors.New("another enrolment code has the same hash")
		}
		return nil
	})
}

// Enroll uses up a code and records the kiosk in one transaction. The
// code's row is locked, so two hub processes never both use it; kiosk
// numbers are allocated under an advisory lock, so they never collide.
func (s *PGStore) Enroll(ctx context.Context, codeHash []byte, id string, tokenHash []byte, deviceKey ed25519.PublicKey, at time.Time) (*Kiosk, error) {
	if deviceKey != nil && len(deviceKey) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: want %d bytes", ErrDeviceKeyFormat, ed25519.PublicKeySize)
	}
	var k *Kiosk
	// Run again from the start if the connection was lost before the
	// commit: the server rolled the code's use back.
	err := pgdb.Tx(ctx, s.db, pgx.TxOptions{}, func(tx pgx.Tx) error {
		var name string
		var expires time.Time
		var used *time.Time
		err := tx.QueryRow(ctx, `SELECT name, expires, used FROM enroll_codes WHERE code_hash = $1 FOR UPDATE`, codeHash).
			Scan(&name, &expires, &used)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && (used != nil || !at.Before(expires))) {
			return ErrEnrollCode
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, pgdb.LockKey("hub:kiosk-number")); err != nil {
			return err
		}
		var no int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(no), 0) + 1 FROM kiosks`).Scan(&no); err != nil {
			return err
		}
		if no > 9999 {
			return ErrKioskNumber
		}
		if name == "" {
			name = fmt.Sprintf("终端 %d", no)
		}
		k = &Kiosk{ID: id, No: no, Name: name, TokenHash: tokenHash, Enrolled: at.UTC(), DeviceKey: deviceKey}
		var key []byte // NULL without a key
		if deviceKey != nil {
			key = deviceKey
		}
		if _, err := tx.Exec(ctx, `INSERT INTO kiosks (id, no, name, token_hash, enrolled, device_key) VALUES ($1, $2, $3, $4, $5, $6)`,
			k.ID, k.No, k.Name, k.TokenHash, at.UTC(), key); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE enroll_codes SET used = $1, kiosk_id = $2 WHERE code_hash = $3`, at.UTC(), id, codeHash)
		return err
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

const pgKioskColumns = `id, no, name, token_hash, enrolled, last_seen, catalogue_version, revoked, device_key, report, reported`

func pgScanKiosk(row pgx.Row) (*Kiosk, error) {
	var k Kiosk
	var seen, revoked, reported *time.Time
	var report *string
	var key []byte
	if err := row.Scan(&k.ID, &k.No, &k.Name, &k.TokenHash, &k.Enrolled, &seen, &k.Version, &revoked, &key, &report, &reported); err != nil {
		return nil, err
	}
	k.Enrolled = k.Enrolled.UTC()
	k.LastSeen, k.Revoked, k.Reported = utcOrZero(seen), utcOrZero(revoked), utcOrZero(reported)
	if report != nil {
		var r protocol.KioskReport
		if json.Unmarshal([]byte(*report), &r) == nil {
			k.Report = &r
		}
	}
	if len(key) == ed25519.PublicKeySize {
		k.DeviceKey = key
	}
	return &k, nil
}

func utcOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// Kiosk returns the kiosk with id ref, or number ref.
func (s *PGStore) Kiosk(ctx context.Context, ref string) (*Kiosk, error) {
	q := `SELECT ` + pgKioskColumns + ` FROM kiosks WHERE id = $1`
	var arg any = ref
	if isNumber(ref) {
		n, err := strconv.Atoi(ref)
		if err != nil || n > 9999 {
			return nil, fmt.Errorf("kiosk %s: %w", ref, ErrNotFound)
		}
		q, arg = `SELECT `+pgKioskColumns+` FROM kiosks WHERE no = $1`, n
	}
	var k *Kiosk
	err := pgdb.Retry(ctx, func() (err error) {
		k, err = pgScanKiosk(s.db.QueryRow(ctx, q, arg))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("kiosk %s: %w", ref, ErrNotFound)
	}
	return k, err
}

// Kiosks lists every kiosk by number.
func (s *PGStore) Kiosks(ctx context.Context) (list []Kiosk, err error) {
	err = pgdb.Retry(ctx, func() error {
		rows, err := s.db.Query(ctx, `SELECT `+pgKioskColumns+` FROM kiosks ORDER BY no`)
		if err != nil {
			return err
		}
		list, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Kiosk, error) {
			k, err := pgScanKiosk(r)
			if err != nil {
				return Kiosk{}, err
			}
			return *k, nil
		})
		return err
	})
	return list, err
}

// Revoke marks the kiosk revoked; revoking twice keeps the first time.
func (s *PGStore) Revoke(ctx context.Context, ref string, at time.Time) (*Kiosk, error) {
	k, err := s.Kiosk(ctx, ref)
	if err != nil {
		return nil, err
	}
	if err := pgdb.Retry(ctx, func() error { // keeps the first time: a second run changes nothing
		_, err := s.db.Exec(ctx, `UPDATE kiosks SET revoked = coalesce(revoked, $1) WHERE id = $2`, at.UTC(), k.ID)
		return err
	}); err != nil {
		return nil, err
	}
	return s.Kiosk(ctx, k.ID)
}

// Seen records the kiosk's last contact and reported catalogue version.
func (s *PGStore) Seen(ctx context.Context, id string, version int64, at time.Time) error {
	return s.WriteContacts(ctx, []KioskContact{{ID: id, Seen: true, Version: version, SeenAt: at}})
}

// WriteContacts records many kiosks' contacts in one statement. It locks
// their rows in the order of their ids, so two hub processes writing
// contacts of the same kiosks never wait for each other in a cycle.
func (s *PGStore) WriteContacts(ctx context.Context, cs []KioskContact) error {
	r, err := columns(cs)
	if err != nil {
		return err
	}
	return pgdb.Retry(ctx, func() error { // sets values: a second run leaves them
		_, err := s.db.Exec(ctx, `WITH u AS (
				SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::bigint[], $4::text[], $5::timestamptz[])
					AS u(id, seen, version, report, reported)),
			locked AS (SELECT id FROM kiosks WHERE id = ANY($1) ORDER BY id FOR UPDATE)
			UPDATE kiosks AS k SET
				last_seen = COALESCE(u.seen, k.last_seen),
				catalogue_version = COALESCE(u.version, k.catalogue_version),
				report = COALESCE(u.report, k.report),
				reported = COALESCE(u.reported, k.reported)
			FROM u WHERE k.id = u.id AND k.id IN (SELECT id FROM locked)`,
			r.ids, r.seen, r.versions, r.reportJSON, r.reported)
		return err
	})
}

// contactRows is cs as columns: reportJSON holds each report as JSON, nil
// where a contact has none; a part a contact lacks is nil in its column.
type contactRows struct {
	ids            []string
	seen, reported []*time.Time
	versions       []*int64
	reportJSON     []*string
}

func columns(cs []KioskContact) (contactRows, error) {
	r := contactRows{ids: make([]string, len(cs)), seen: make([]*time.Time, len(cs)), reported: make([]*time.Time, len(cs)),
		versions: make([]*int64, len(cs)), reportJSON: make([]*string, len(cs))}
	for i, c := range cs {
		r.ids[i] = c.ID
		if c.Seen {
			at, v := c.SeenAt.UTC(), c.Version
			r.seen[i], r.versions[i] = &at, &v
		}
		if c.Report != nil {
			b, err := json.Marshal(c.Report)
			if err != nil {
				return r, err
			}
			at, s := c.ReportedAt.UTC(), string(b)
			r.reported[i], r.reportJSON[i] = &at, &s
		}
	}
	return r, nil
}

// Report records the health report a kiosk sent at a time.
func (s *PGStore) Report(ctx context.Context, id string, r protocol.KioskReport, at time.Time) error {
	return s.WriteContacts(ctx, []KioskContact{{ID: id, Report: &r, ReportedAt: at}})
}

// KiosksAndHead returns the kiosks of ids that exist and the catalogue's
// head, in one round trip (two statements in a batch).
func (s *PGStore) KiosksAndHead(ctx context.Context, ids []string) ([]*Kiosk, int64, error) {
	b := &pgx.Batch{}
	b.Queue(`SELECT version FROM catalogue_head`)
	b.Queue(`SELECT `+pgKioskColumns+` FROM kiosks WHERE id = ANY($1)`, ids)
	br := s.db.SendBatch(ctx, b)
	defer br.Close()
	var head int64
	if err := br.QueryRow().Scan(&head); err != nil {
		return nil, 0, fmt.Errorf("read head: %w", err)
	}
	rows, err := br.Query()
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var ks []*Kiosk
	for rows.Next() {
		k, err := pgScanKiosk(rows)
		if err != nil {
			return nil, 0, err
		}
		ks = append(ks, k)
	}
	return ks, head, rows.Err()
}
