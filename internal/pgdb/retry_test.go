package pgdb_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"gongkai/internal/pgdb"
	"gongkai/internal/pgdb/pgtest"
)

func TestTransient(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{&pgconn.PgError{Code: "57P01"}, true}, // admin shutdown (pg_ctl restart -m fast)
		{&pgconn.PgError{Code: "57P02"}, true}, // crash shutdown (-m immediate)
		{&pgconn.PgError{Code: "57P03"}, true}, // the server is starting up
		{fmt.Errorf("read head: %w", &pgconn.PgError{Code: "08006"}), true},
		{&pgconn.PgError{Code: "53300"}, true}, // too many connections
		{&pgconn.PgError{Code: "23505"}, false},
		{&pgconn.PgError{Code: "40001"}, false}, // a transaction's business (Tx), not the connection's
		{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true},
		{fmt.Errorf("x: %w", syscall.ECONNRESET), true},
		{io.ErrUnexpectedEOF, true},
		{fmt.Errorf("limits: %w", driver.ErrBadConn), true},
		{pgx.ErrNoRows, false},
		{context.Canceled, false},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), false},
		{errors.New("syntax"), false},
	} {
		if got := pgdb.Transient(c.err); got != c.want {
			t.Errorf("Transient(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

func TestRetry(t *testing.T) {
	ctx := context.Background()
	calls := 0
	err := pgdb.Retry(ctx, func() error {
		if calls++; calls < 4 {
			return &pgconn.PgError{Code: "57P03"}
		}
		return nil
	})
	if err != nil || calls != 4 {
		t.Fatalf("three failures to connect, then success: %v after %d calls", err, calls)
	}
	calls = 0
	bad := &pgconn.PgError{Code: "23505"}
	if err := pgdb.Retry(ctx, func() error { calls++; return bad }); err != bad || calls != 1 {
		t.Fatalf("an error of the statement: %v after %d calls, want it at once", err, calls)
	}
	cctx, cancel := context.WithCancel(ctx)
	calls = 0
	err = pgdb.Retry(cctx, func() error {
		if calls++; calls == 2 {
			cancel()
		}
		return syscall.ECONNREFUSED
	})
	if !errors.Is(err, syscall.ECONNREFUSED) || calls != 2 {
		t.Fatalf("context ended while the server is down: %v after %d calls", err, calls)
	}
}

// TestRetryAfterSessionsEnded: every session of the pool is ended by the
// server (what a restart does to a pool's idle connections); a read
// through Retry and a transaction through Tx succeed on new connections,
// and the transaction's row is written once.
func TestRetryAfterSessionsEnded(t *testing.T) {
	ctx := context.Background()
	pool, url := pgtest.Pool(t)
	if _, err := pool.Exec(ctx, `CREATE TABLE t (n int)`); err != nil {
		t.Fatal(err)
	}
	// Fill the pool with idle connections, then end their sessions from
	// another connection.
	pgtest.IdleConns(t, pool, 4)
	terminate := func() { pgtest.EndSessions(t, url) }
	terminate()
	var n int
	if err := pgdb.Retry(ctx, func() error { return pool.QueryRow(ctx, `SELECT count(*) FROM t`).Scan(&n) }); err != nil {
		t.Fatalf("read after the sessions ended: %v", err)
	}
	terminate()
	if err := pgdb.Tx(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO t VALUES (1)`)
		return err
	}); err != nil {
		t.Fatalf("transaction after the sessions ended: %v", err)
	}
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows after one transaction: %d, %v", n, err)
	}
}
