package hub

import (
	"context"
	"errors"
	"sync"
	"time"
)

// groupRead shares database reads among the requests that wait for them at
// the same time: the catalogue's head and the kiosks' credentials, which
// every page request reads. A request joins the next read to start, never
// one already under way, so what it gets was read after it asked, as fresh
// as a query of its own; but a thousand kiosks asking at once make a few
// queries, each for every key asked meanwhile, instead of a thousand (each
// a round trip to PostgreSQL, and CPU time of the hub and the database).
// A request that finds no read under way starts one at once: alone, it
// waits no longer than for its own query.
type groupRead[K comparable, V any] struct {
	g group[K, struct{}, V]
}

// newGroupRead returns a groupRead over read, which returns the values of
// keys; a key without a value is absent.
func newGroupRead[K comparable, V any](read func(ctx context.Context, keys []K) (map[K]V, error)) *groupRead[K, V] {
	r := &groupRead[K, V]{}
	r.g.do = func(ctx context.Context, args map[K]struct{}) (map[K]V, error) {
		keys := make([]K, 0, len(args))
		for k := range args {
			keys = append(keys, k)
		}
		return read(ctx, keys)
	}
	return r
}

// get returns the value of key (ok false when absent), read after the
// call began.
func (r *groupRead[K, V]) get(ctx context.Context, key K) (v V, ok bool, err error) {
	return r.g.call(ctx, key, struct{}{}, nil)
}

// group runs one call of do at a time for all the keys asked for while
// the one before ran (see groupRead; groupWrite is its writing twin): a
// key's argument is merged with one asked for it before in the same call.
type group[K comparable, A, V any] struct {
	do func(ctx context.Context, args map[K]A) (map[K]V, error)

	mu   sync.Mutex
	busy bool                // a call is under way
	next *groupCall[K, A, V] // the call that starts when it ends; nil: none asked for yet
}

type groupCall[K comparable, A, V any] struct {
	args map[K]A
	ctx  context.Context // of the request that asked first
	done chan struct{}
	vals map[K]V
	err  error
}

// readTimeout bounds a shared call, which no single request's context
// may cancel for the others.
const readTimeout = time.Minute

// call adds key with arg to the next call (merge, if not nil, combines it
// with the argument asked for key before in that call) and returns key's
// value from it (ok false when absent).
func (g *group[K, A, V]) call(ctx context.Context, key K, arg A, merge func(before, now A) A) (v V, ok bool, err error) {
	g.mu.Lock()
	c := g.next
	if c == nil {
		c = &groupCall[K, A, V]{args: map[K]A{}, ctx: ctx, done: make(chan struct{})}
	}
	if before, ok := c.args[key]; ok && merge != nil {
		arg = merge(before, arg)
	}
	c.args[key] = arg
	if g.busy {
		g.next = c // starts when the call under way ends
	} else {
		g.busy, g.next = true, nil
		go g.run(c)
	}
	g.mu.Unlock()
	select {
	case <-c.done:
		v, ok = c.vals[key]
		return v, ok, c.err
	case <-ctx.Done():
		return v, false, ctx.Err()
	}
}

// run makes call c, then the one asked for meanwhile, until none is.
func (g *group[K, A, V]) run(c *groupCall[K, A, V]) {
	for c != nil {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(c.ctx), readTimeout)
		c.vals, c.err = g.do(ctx, c.args)
		cancel()
		close(c.done)
		g.mu.Lock()
		c, g.next = g.next, nil
		g.busy = c != nil
		g.mu.Unlock()
	}
}

// credential is what authenticating a request reads: the kiosk, and the
// catalogue's head read with it, which the request's handler uses rather
// than read it again.
type credential struct {
	kiosk *Kiosk
	head  int64
}

// kioskReader is a Store that reads several kiosks by id and the head in
// one round trip.
type kioskReader interface {
	KiosksAndHead(ctx context.Context, ids []string) ([]*Kiosk, int64, error)
}

// credentials returns the kiosks of ids that exist, by id, each with the
// head: in one round trip where st can, else one query each (SQLite, in
// the process).
func credentials(ctx context.Context, st Store, ids []string) (map[string]credential, error) {
	m := make(map[string]credential, len(ids))
	if b, ok := st.(kioskReader); ok {
		ks, head, err := b.KiosksAndHead(ctx, ids)
		for _, k := range ks {
			m[k.ID] = credential{k, head}
		}
		return m, err
	}
	head, err := st.Head(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		k, err := st.Kiosk(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		m[id] = credential{k, head}
	}
	return m, nil
}
