// Package auditlog keeps append-only, hash-chained audit tables: the
// kiosk's staff log (internal/staff, SQLite) and the hub console's log
// (internal/accounts, on SQLite or, through internal/sqldb, PostgreSQL). Each row's hash is SHA-256 over the previous row's
// hash and this row's fields, so editing or removing a row in the middle is
// detectable by Verify even when a table's triggers are bypassed.
//
// A chained table has the columns
//
//	seq INTEGER PRIMARY KEY, at TEXT, <actor> TEXT, action TEXT, detail TEXT,
//	prev_hash TEXT, hash TEXT UNIQUE
//
// and is created by its owner's migrations (with triggers refusing UPDATE,
// DELETE and any insert that does not extend the chain).
package auditlog

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/sqlrows"
)

// Genesis is the previous hash of the first row.
var Genesis = strings.Repeat("0", 64)

// Hash is SHA-256 over the previous hash and a row's fields, each
// length-prefixed so no two different rows hash the same input.
func Hash(prev string, seq int64, at, actor, action, detail string) string {
	h := sha256.New()
	var n [8]byte
	for _, f := range []string{prev, strconv.FormatInt(seq, 10), at, actor, action, detail} {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Entry is one row of a chained table.
type Entry struct {
	Seq    int64
	At     time.Time
	Actor  string
	Action string
	Detail string
	Hash   string // hex SHA-256 chaining this row to the one before
}

// Querier is what the chain needs of a connection: *sql.DB, *sql.Conn and
// *sql.Tx all have it.
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Chain names one chained table and its actor column. Both are fixed by
// the owning package, never taken from input.
type Chain struct {
	Table       string // e.g. "staff_audit"
	ActorColumn string // e.g. "staff_id"
}

// Append adds a row after the current tail. q must hold the write lock for
// the whole call (on SQLite a transaction begun IMMEDIATE: schema.Immediate;
// on PostgreSQL one holding the store's advisory lock: sqldb.DB.Write), so
// the tail read and the insert cannot interleave with another writer, in
// this process or another hub process on the same database.
func (c Chain) Append(ctx context.Context, q Querier, at time.Time, actor, action, detail string) (Entry, error) {
	seq, prev := int64(0), Genesis
	err := q.QueryRowContext(ctx, `SELECT seq, hash FROM `+c.Table+` ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Entry{}, fmt.Errorf("audit tail: %w", err)
	}
	seq++
	ts := at.Format(time.RFC3339Nano)
	hash := Hash(prev, seq, ts, actor, action, detail)
	_, err = q.ExecContext(ctx, `INSERT INTO `+c.Table+`(seq, at, `+c.ActorColumn+`, action, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, seq, ts, actor, action, detail, prev, hash)
	if err != nil {
		return Entry{}, fmt.Errorf("audit append: %w", err)
	}
	return Entry{Seq: seq, At: at, Actor: actor, Action: action, Detail: detail, Hash: hash}, nil
}

// Recent returns up to limit rows, newest first, skipping the newest
// offset rows.
func (c Chain) Recent(ctx context.Context, q Querier, limit, offset int) ([]Entry, error) {
	return sqlrows.Query(ctx, q, "audit recent", func(row sqlrows.Scanner) (e Entry, err error) {
		var at string
		if err := row.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Detail, &e.Hash); err != nil {
			return e, err
		}
		if e.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return e, fmt.Errorf("row %d time %q: %w", e.Seq, at, err)
		}
		return e, nil
	}, `SELECT seq, at, `+c.ActorColumn+`, action, detail, hash
		FROM `+c.Table+` ORDER BY seq DESC LIMIT ? OFFSET ?`, limit, offset)
}

// Head is what Verify saw: how many rows and the newest hash (Genesis for
// an empty log). Writing the head down outside the database lets a later
// check notice rows removed from the end, which the chain alone cannot.
type Head struct {
	Rows int64
	Hash string
}

// Verify re-walks the whole table and reports the first row that is
// missing, out of order, or whose hash no longer matches its fields or its
// predecessor: a *domain.Error (conflict) naming the row.
func (c Chain) Verify(ctx context.Context, q Querier) (Head, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq, at, `+c.ActorColumn+`, action, detail, prev_hash, hash
		FROM `+c.Table+` ORDER BY seq`)
	if err != nil {
		return Head{}, fmt.Errorf("audit verify: %w", err)
	}
	defer rows.Close()
	want, prev := int64(1), Genesis
	for rows.Next() {
		var seq int64
		var at, actor, action, detail, prevHash, hash string
		if err := rows.Scan(&seq, &at, &actor, &action, &detail, &prevHash, &hash); err != nil {
			return Head{}, fmt.Errorf("audit verify: %w", err)
		}
		switch {
		case seq != want:
			return Head{}, domain.Errorf(domain.ECONFLICT, "审计日志不完整：缺少第 %d 条记录，日志可能被篡改", want)
		case prevHash != prev:
			return Head{}, domain.Errorf(domain.ECONFLICT, "审计日志第 %d 条记录与前一条不衔接，日志可能被篡改", seq)
		case Hash(prev, seq, at, actor, action, detail) != hash:
			return Head{}, domain.Errorf(domain.ECONFLICT, "审计日志第 %d 条记录与校验值不符，日志可能被篡改", seq)
		}
		want, prev = seq+1, hash
	}
	if err := rows.Err(); err != nil {
		return Head{}, fmt.Errorf("audit verify: %w", err)
	}
	return Head{Rows: want - 1, Hash: prev}, nil
}
