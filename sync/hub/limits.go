package hub

import (
	"context"
	"time"
)

// Limits keeps the hub's guess limits where every hub process on the
// same database sees them (internal/throttle: limits.db, or the hub's
// PostgreSQL database), never in one process's memory: guesses spread
// over several processes behind a balancer count together.
type Limits interface {
	// Take takes a token from key's bucket (up to burst, one more every
	// every) at now; false when there is none.
	Take(ctx context.Context, key string, burst int, every time.Duration, now time.Time) (bool, error)
	// Fail counts a failure of key; the tries'th in a row locks it for
	// lock. A lull longer than lock starts the count afresh.
	Fail(ctx context.Context, key string, tries int, lock time.Duration, now time.Time) error
	// Locked returns how long key stays locked at now; 0 when not.
	Locked(ctx context.Context, key string, now time.Time) (time.Duration, error)
	// Clear forgets key's failures.
	Clear(ctx context.Context, key string) error
	Close() error
}

// The keys of the hub's limits, one prefix per limit.
func lookupKey(client string) string { return "status-page:" + client }
func codeKey(number string) string   { return "status-code:" + number }
func enrolKey(address string) string { return "enrol:" + address }
