package e2e

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptrace"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/console/browsertest"
	"gongkai/internal/must"
	"gongkai/internal/nginxfront"
	"gongkai/sync/client"
	"gongkai/sync/hub"
)

// nginxConf is the configuration the hub package ships for nginx.
const nginxConf = "../../packaging/hub/nginx-gongkai-hub.conf"

// TestKioskSyncsThroughNginx puts Debian's nginx, with the shipped
// configuration and a certificate made now, in front of two `hub serve`
// processes on one data directory, and has a kiosk enrol, sync and upload
// through it over TLS; both hubs must have served pages.
func TestKioskSyncsThroughNginx(t *testing.T) {
	nginx, err := nginxfront.Find()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("nginx is missing: install nginx-light (scripts/setup-debian.sh)")
		}
		t.Skip(err)
	}
	ctx := context.Background()
	clk := newClock()
	dir := t.TempDir()
	browsertest.Run(t, clk.Now, "", "init", "--data", dir)
	h, err := hub.Open(ctx, dir, hub.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	code := importDemo(t, h, "经nginx")
	want, _ := h.Digest(ctx)
	h.Close()

	a := browsertest.StartHub(t, dir, clk.Now, "--trusted-proxy", "127.0.0.1")
	b := browsertest.StartHub(t, dir, clk.Now, "--trusted-proxy", "127.0.0.1")
	// The certificate is checked by Go's TLS client against the real clock.
	front, err := nginxfront.Start(nginxfront.Options{Nginx: nginx, Conf: []byte(readFile(t, nginxConf)), Now: time.Now,
		Upstreams: []string{strings.TrimPrefix(a.APIURL, "http://"), strings.TrimPrefix(b.APIURL, "http://")}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(front.Stop)

	kdir := t.TempDir()
	k := &testKiosk{t: t, dir: kdir, clock: clk}
	k.open()
	tr := client.NewTransport(front.Pool) // the kiosk's own, trusting the test certificate
	hc := &http.Client{Transport: tr}
	k.cl = client.New(kdir, client.NewStoreCatalogue(k.st), client.Options{Now: clk.Now, HTTP: hc, PageSize: 5})
	k.up = client.NewUplink(k.cl, k.ob, client.UplinkOptions{})
	if _, err := k.cl.Enroll(ctx, front.URL, code, false); err != nil {
		t.Fatalf("enrol through nginx: %v\n%s", err, front.ErrorLog())
	}
	res, err := k.cl.SyncOnce(ctx)
	if err != nil {
		t.Fatalf("sync through nginx: %v", err)
	}
	if got := must.Call(t, k.st.Digest); got != want {
		t.Fatalf("kiosk digest %s after %d pages, hub %s", got, res.Pages, want)
	}
	k.service()
	id := k.submit(feedback("经反向代理提交的意见")).ID
	if dr, _ := k.exchange(); dr.Sent != 1 {
		t.Fatalf("upload through nginx: %+v", dr)
	}
	checkExactlyOnce(t, &testHub{dir: dir}, map[string]bool{id: true})

	// The connection idles out between syncs; the next sync resumes the
	// TLS session instead of a full handshake.
	tr.CloseIdleConnections()
	var handshakes, resumed atomic.Int32
	trace := &httptrace.ClientTrace{TLSHandshakeDone: func(cs tls.ConnectionState, err error) {
		handshakes.Add(1)
		if err == nil && cs.DidResume {
			resumed.Add(1)
		}
	}}
	if _, err := k.cl.SyncOnce(httptrace.WithClientTrace(ctx, trace)); err != nil {
		t.Fatalf("second sync through nginx: %v", err)
	}
	if handshakes.Load() == 0 || resumed.Load() != handshakes.Load() {
		t.Errorf("the next sync made %d TLS handshakes, %d resumed: want every one resumed", handshakes.Load(), resumed.Load())
	}
	for name, h := range map[string]*browsertest.Hub{"first": a, "second": b} {
		if n := strings.Count(h.Logs.String(), `"path":"/v1/changes"`); n == 0 {
			t.Errorf("the %s hub served no page of %d: nginx did not balance", name, res.Pages)
		}
		if !strings.Contains(h.Logs.String(), `"remote":"127.0.0.1:`) {
			t.Errorf("the %s hub saw no request from nginx", name)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, _ := os.ReadFile(path)
	return string(b)
}
