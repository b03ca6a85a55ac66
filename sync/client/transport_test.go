package client

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
)

// tlsHub is a TLS server over loopback that records, for every
// connection, whether the kiosk offered a post-quantum hybrid key exchange
// and which one the handshake chose.
type tlsHub struct {
	srv *httptest.Server
	mu  sync.Mutex
	// offered says, per connection, whether the ClientHello listed
	// X25519MLKEM768 (Go sends a key share for the first group it lists).
	offered []bool
}

// newTLSHub starts a hub choosing among groups (nil: Go's defaults, which
// include the hybrids).
func newTLSHub(t *testing.T, groups []tls.CurveID) *tlsHub {
	t.Helper()
	h := &tlsHub{}
	h.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	h.srv.TLS = &tls.Config{CurvePreferences: groups, GetConfigForClient: func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		h.mu.Lock()
		h.offered = append(h.offered, slices.Contains(hello.SupportedCurves, tls.X25519MLKEM768))
		h.mu.Unlock()
		return nil, nil
	}}
	h.srv.StartTLS()
	t.Cleanup(h.srv.Close)
	return h
}

func (h *tlsHub) pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(h.srv.Certificate())
	return p
}

// connect makes a request over a new connection and returns its TLS state.
func (h *tlsHub) connect(t *testing.T, tr *http.Transport) *tls.ConnectionState {
	t.Helper()
	tr.CloseIdleConnections() // the last sync's connection idled out
	resp, err := (&http.Client{Transport: tr}).Get(h.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.TLS
}

func TestTransportOffersHybridOnlyToHubsThatChooseIt(t *testing.T) {
	// A front whose TLS library has no hybrid (nginx with OpenSSL 3.0).
	classical := newTLSHub(t, []tls.CurveID{tls.X25519, tls.CurveP256})
	tr := NewTransport(classical.pool())
	if cs := classical.connect(t, tr); cs.CurveID != tls.X25519 || cs.DidResume {
		t.Fatalf("first connection: key exchange %v, resumed %v", cs.CurveID, cs.DidResume)
	}
	for range reprobeAfter + 1 {
		if cs := classical.connect(t, tr); !cs.DidResume || cs.CurveID != tls.X25519 {
			t.Fatalf("a later connection: resumed %v, key exchange %v; want a resumed session over X25519", cs.DidResume, cs.CurveID)
		}
	}
	// Offered first; then not, to a hub that chose X25519, for
	// reprobeAfter connections; then again, in case the front was
	// upgraded.
	want := append(append([]bool{true}, make([]bool, reprobeAfter)...), true)
	if !slices.Equal(classical.offered, want) {
		t.Fatalf("hybrid offered on each connection: %v, want %v", classical.offered, want)
	}

	// A hub that can use the hybrid (Go's defaults) keeps getting it.
	pq := newTLSHub(t, nil)
	tr = NewTransport(pq.pool())
	for i := range 3 {
		if cs := pq.connect(t, tr); cs.CurveID != tls.X25519MLKEM768 {
			t.Fatalf("connection %d to a hub with the hybrid: key exchange %v, want X25519MLKEM768", i+1, cs.CurveID)
		}
	}
}

func TestTransportStillVerifiesTheHub(t *testing.T) {
	h := newTLSHub(t, nil)
	tr := NewTransport(x509.NewCertPool()) // trusts nothing
	if resp, err := (&http.Client{Transport: tr}).Get(h.srv.URL); err == nil {
		resp.Body.Close()
		t.Fatal("a hub with an untrusted certificate was accepted")
	}
}

// TestTransportKeepsHTTP2 checks that dialling TLS itself keeps what Go's
// transport would negotiate: HTTP/2 with a hub that offers it.
func TestTransportKeepsHTTP2(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	resp, err := (&http.Client{Transport: NewTransport(pool)}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 {
		t.Fatalf("protocol %s, want HTTP/2", resp.Proto)
	}
}

// BenchmarkTransportResumedConnection is a kiosk's connection for one
// sync to a front that chooses X25519 (nginx with OpenSSL 3.0): a new TCP
// connection, a resumed TLS handshake and one request, client and server
// in this process ("learnt"), against the transport's own TLS dial, which
// offers the post-quantum hybrid on every connection as Go's default
// transport does ("hybrid-every-time").
func BenchmarkTransportResumedConnection(b *testing.B) {
	for _, mode := range []string{"learnt", "hybrid-every-time"} {
		b.Run(mode, func(b *testing.B) {
			h := &tlsHub{}
			h.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
			h.srv.TLS = &tls.Config{CurvePreferences: []tls.CurveID{tls.X25519, tls.CurveP256}}
			h.srv.StartTLS()
			defer h.srv.Close()
			tr := NewTransport(h.pool())
			if mode != "learnt" {
				tr.DialTLSContext = nil // the transport's own TLS: Go's default key shares
			}
			hc := &http.Client{Transport: tr}
			for b.Loop() {
				tr.CloseIdleConnections()
				resp, err := hc.Get(h.srv.URL)
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
			}
		})
	}
}
