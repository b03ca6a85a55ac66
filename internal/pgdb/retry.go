package pgdb

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Riding through a PostgreSQL restart. When the server restarts (pg_ctl
// restart, a failover, an OOM kill), every pooled connection is dead but
// the pool only learns so when it next uses one; while the server is down
// or starting up, new connections are refused. A hub should neither fail
// a kiosk's request on the first dead connection nor wait forever: reads,
// and writes a second run leaves as they are, go through Retry, which
// runs them again on connection-class failures (Transient) with a short
// backoff, for at most RetryFor; transactions go through Tx, which runs
// one again only when the failed attempt certainly left nothing behind.
// What is still failing after that is answered "try again later" (the
// hub's 503 with Retry-After).

// RetryFor bounds how long Retry and Tx keep trying: long enough for a
// restart of a small cluster (a fast shutdown's checkpoint, startup and
// crash recovery take a second or two), short enough that a kiosk's
// request gets its 503 well within its timeout (and can go to another
// hub address) and that requests do not pile up in the hub during a
// longer outage.
const RetryFor = 3 * time.Second

// Backoff between attempts: doubling from firstWait up to maxWait, with
// "equal jitter" so that the requests that lost the server together do not
// return together.
const (
	firstWait = 20 * time.Millisecond
	maxWait   = 500 * time.Millisecond
)

// Transient reports whether err is a connection-class failure that may
// pass on another connection or a moment later: a connection the server
// ended (admin shutdown, crash shutdown, the server starting up: SQLSTATE
// 57P01-57P03), a broken or refused connection (class 08, reset, refused,
// EOF, a network timeout, database/sql's bad connection), too many
// connections (53300), or an error pgx marks safe to retry (nothing
// reached the server). An error of the
// statement itself (a constraint, a syntax error, no rows) and the
// caller's context ending are not transient.
func Transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "57P0") || strings.HasPrefix(pe.Code, "08") || pe.Code == "53300"
	}
	var ce *pgconn.ConnectError
	switch {
	case pgconn.SafeToRetry(err), pgconn.Timeout(err), errors.As(err, &ce):
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, driver.ErrBadConn) || // database/sql over pgx (internal/sqldb)
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE)
}

// Retry runs fn, which only reads or writes what a second run leaves as it
// is (an upsert, "set x = v"), again while it fails Transient, waiting a
// little longer each time, until ctx ends or RetryFor has passed. It
// returns fn's last error.
func Retry(ctx context.Context, fn func() error) error {
	return RetryWhen(ctx, func() (bool, error) {
		err := fn()
		return Transient(err), err
	})
}

// RetryWhen runs fn again, as Retry does, while it says its failed attempt
// may be run again (retry): for callers that know more than Transient
// (Tx: whether a commit was sent).
func RetryWhen(ctx context.Context, fn func() (retry bool, err error)) error {
	budget := time.NewTimer(RetryFor)
	defer budget.Stop()
	wait := firstWait
	for {
		retry, err := fn()
		if err == nil || !retry || ctx.Err() != nil {
			return err
		}
		t := time.NewTimer(wait/2 + rand.N(wait/2+1))
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-budget.C:
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, maxWait)
	}
}

// Tx runs fn in a transaction of pool with opts and commits it. It runs
// the whole transaction again (with Retry's backoff and bound) when an
// attempt certainly left nothing behind: it failed before the commit was
// sent (a lost connection, on which the server rolls back; a
// serialization failure or deadlock, 40001/40P01), or the commit itself
// never reached the server. A connection lost while the commit was on its
// way is returned, wrapped: the commit may have happened, and only the
// caller can tell by reading what is stored (a kiosk's resend of a batch
// is answered from the stored records). fn may run several times, so it
// must have no effect outside tx.
func Tx(ctx context.Context, pool *pgxpool.Pool, opts pgx.TxOptions, fn func(pgx.Tx) error) error {
	return RetryWhen(ctx, func() (bool, error) { return tx(ctx, pool, opts, fn) })
}

// tx is one attempt of Tx; retry says it left nothing behind.
func tx(ctx context.Context, pool *pgxpool.Pool, opts pgx.TxOptions, fn func(pgx.Tx) error) (retry bool, err error) {
	t, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return Transient(err), fmt.Errorf("begin: %w", err)
	}
	defer t.Rollback(context.WithoutCancel(ctx))
	if err := fn(t); err != nil {
		return RolledBack(err) || Transient(err) || t.Conn().IsClosed(), err
	}
	if err := t.Commit(ctx); err != nil {
		return RolledBack(err) || pgconn.SafeToRetry(err), fmt.Errorf("commit: %w", err)
	}
	return false, nil
}

// RolledBack says err is a serialization failure (40001) or a deadlock
// (40P01): the server rolled the transaction back, and it may run again.
func RolledBack(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}
