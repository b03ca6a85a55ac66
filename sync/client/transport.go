package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"slices"
	"sync"
)

// NewTransport returns the HTTP transport a kiosk talks to its hub with:
// Go's default one (connections kept alive between the pages of a sync),
// without compression of its own (gzip is handled by the client, to count
// bytes on the wire), trusting roots (nil: the system's), and remembering
// TLS sessions, so that the next sync, on a new connection after the old
// one idled out, resumes the session instead of a full handshake (a
// thousand kiosks syncing at once cost a hub's TLS front far less).
//
// It also remembers which key exchange each hub address chose: Go offers
// a post-quantum hybrid (X25519MLKEM768) first, and making its key share
// is about a quarter of the CPU of a resumed handshake; a front that cannot
// use it (nginx with OpenSSL 3.0, as in Debian 12) chooses X25519, and the
// share was made for nothing on every connection. So after a hub chose a
// classical group, the next connections to it offer only the classical
// ones; every reprobeAfter-th connection offers the hybrids again, so a
// front upgraded to use them (OpenSSL 3.5) gets them back. A hub that
// chooses a hybrid keeps being offered one. What a hub chose is learnt
// only from a completed handshake, which the hub's certificate (or a
// session it issued) authenticates.
func NewTransport(roots *x509.CertPool) *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableCompression = true
	tr.TLSClientConfig = &tls.Config{RootCAs: roots, ClientSessionCache: tls.NewLRUClientSessionCache(8)}
	ks := &keyShares{tr: tr, classical: map[string]int{}}
	tr.DialTLSContext = ks.dialTLS
	return tr
}

// reprobeAfter is how many connections to a hub that chose a classical key
// exchange offer only classical ones before the hybrids are offered again
// (a kiosk syncing every five minutes: about every two and a half hours).
const reprobeAfter = 32

// classicalGroups are Go's default key exchanges without the post-quantum
// hybrids, in Go's order.
var classicalGroups = []tls.CurveID{tls.X25519, tls.CurveP256, tls.CurveP384, tls.CurveP521}

// keyShares dials a transport's TLS connections (Transport.DialTLSContext),
// offering each hub address the key exchanges it chose last.
type keyShares struct {
	tr        *http.Transport
	mu        sync.Mutex
	classical map[string]int // address → connections left that offer only classical groups
}

// dialTLS connects to addr with the transport's dialer and completes the
// TLS handshake with the transport's TLS configuration (the transport
// calls the request's TLS trace hooks around it).
func (k *keyShares) dialTLS(ctx context.Context, network, addr string) (net.Conn, error) {
	raw, err := k.tr.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	cfg := k.tr.TLSClientConfig.Clone() // with the transport's NextProtos (h2 if the hub speaks it)
	if cfg == nil {
		cfg = &tls.Config{}
	}
	if cfg.ServerName == "" {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			raw.Close()
			return nil, err
		}
		cfg.ServerName = host
	}
	offered := k.offer(addr, cfg)
	if k.tr.TLSHandshakeTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, k.tr.TLSHandshakeTimeout)
		defer cancel()
	}
	tc := tls.Client(raw, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		raw.Close()
		return nil, err
	}
	k.learn(addr, offered, tc.ConnectionState().CurveID)
	return tc, nil
}

// offer sets cfg's key exchanges for a connection to addr and says whether
// they include a post-quantum hybrid.
func (k *keyShares) offer(addr string, cfg *tls.Config) (hybrid bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.classical[addr] == 0 {
		return cfg.CurvePreferences == nil || slices.ContainsFunc(cfg.CurvePreferences, isHybrid)
	}
	k.classical[addr]--
	if cfg.CurvePreferences == nil {
		cfg.CurvePreferences = classicalGroups
	} else {
		cfg.CurvePreferences = slices.DeleteFunc(slices.Clone(cfg.CurvePreferences), isHybrid)
	}
	return false
}

// learn records the key exchange the hub at addr chose (0: not known, as
// after a TLS 1.2 resumption) when it was offered a hybrid.
func (k *keyShares) learn(addr string, offeredHybrid bool, chose tls.CurveID) {
	if !offeredHybrid || chose == 0 {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if isHybrid(chose) {
		delete(k.classical, addr)
	} else {
		k.classical[addr] = reprobeAfter
	}
}

// isHybrid says whether id is a post-quantum hybrid key exchange.
func isHybrid(id tls.CurveID) bool {
	switch id {
	case tls.X25519MLKEM768, tls.SecP256r1MLKEM768, tls.SecP384r1MLKEM1024:
		return true
	}
	return false
}
