package hub

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// codeLockout counts wrong verification codes per tracking number and
// locks a number after tries of them, for lock, like a PIN. The counts
// live in memory: a restart of the hub forgets them, which costs an
// attacker a few more tries at most.
type codeLockout struct {
	tries int
	lock  time.Duration

	mu    sync.Mutex
	count map[string]*codeFailures
}

type codeFailures struct {
	n     int       // wrong codes since the last success or lock
	until time.Time // locked until then
	last  time.Time
}

func newCodeLockout(tries int, lock time.Duration) *codeLockout {
	return &codeLockout{tries: tries, lock: lock, count: map[string]*codeFailures{}}
}

// locked returns how long number stays locked at now (0: not locked). The
// empty number (a malformed one) is never locked: it never gets looked up.
func (l *codeLockout) locked(number string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.count[number]
	if number == "" || f == nil || !now.Before(f.until) {
		return 0
	}
	return f.until.Sub(now)
}

// fail counts a wrong code for number at now and locks it at the tries'th.
func (l *codeLockout) fail(number string, now time.Time) {
	if number == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.count[number]
	if f == nil {
		if len(l.count) >= maxCodeEntries {
			l.prune(now)
		}
		f = &codeFailures{}
		l.count[number] = f
	}
	if !f.until.IsZero() && !now.Before(f.until) {
		f.n, f.until = 0, time.Time{} // the lock is over: a fresh start
	}
	f.n++
	f.last = now
	if f.n >= l.tries {
		f.n, f.until = 0, now.Add(l.lock)
	}
}

// succeed forgets the wrong codes of number once its holder got in.
func (l *codeLockout) succeed(number string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.count, number)
}

// prune drops entries neither locked nor touched within the lock time,
// and, if that is not enough (a flood of guesses at many numbers), every
// entry not locked: memory stays bounded and no lock is lifted early.
func (l *codeLockout) prune(now time.Time) {
	for k, f := range l.count {
		if !now.Before(f.until) && now.Sub(f.last) > l.lock {
			delete(l.count, k)
		}
	}
	if len(l.count) < maxCodeEntries {
		return
	}
	for k, f := range l.count {
		if !now.Before(f.until) {
			delete(l.count, k)
		}
	}
}

// maxCodeEntries bounds the numbers codeLockout remembers before pruning.
const maxCodeEntries = 100000

// clientKey returns the address the status page's per-client limit is
// kept under: the request's peer, or, when the peer is one of the trusted
// proxies, the client that proxy reports in X-Forwarded-For (the last
// address there that is not itself a trusted proxy). Anyone else's
// X-Forwarded-For is ignored: it is whatever the client chose to send.
// IPv6 clients are counted by /64, the block one subscriber usually holds.
func clientKey(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr = addr.Unmap()
	if isTrusted(addr, trusted) {
		var hops []string
		for _, v := range r.Header.Values("X-Forwarded-For") {
			hops = append(hops, strings.Split(v, ",")...)
		}
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // garbage from further out: the last good hop answers for it
			}
			addr = a.Unmap()
			if !isTrusted(addr, trusted) {
				break
			}
		}
	}
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParseTrustedProxies reads `hub serve --trusted-proxy`: addresses or
// CIDR blocks separated by commas, e.g. "127.0.0.1,::1" or "10.0.0.0/8".
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("可信代理 %q 不是 IP 地址或网段（例如 127.0.0.1、::1、10.0.0.0/8）", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
