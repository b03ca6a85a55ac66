package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"gongkai/assets"
	"gongkai/internal/catalog"
	"gongkai/internal/console/browsertest"
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
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		nginx = "/usr/sbin/nginx"
		if _, serr := os.Stat(nginx); serr != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("nginx is missing: install nginx-light (scripts/setup-debian.sh)")
			}
			t.Skip("nginx is not installed (apt-get install nginx-light)")
		}
	}
	ctx := context.Background()
	clk := newClock()
	dir := t.TempDir()
	browsertest.Run(t, clk.Now, "", "init", "--data", dir)
	h, err := hub.Open(ctx, dir, hub.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	set, _, err := catalog.Load(assets.DemoCatalog(), catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.ImportCatalogue(ctx, hub.FromCatalog(set, assets.DemoCatalog()), hub.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	code, _, err := h.NewEnrollCode(ctx, "经nginx")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := h.Digest(ctx)
	h.Close()

	a := browsertest.StartHub(t, dir, clk.Now, "--trusted-proxy", "127.0.0.1")
	b := browsertest.StartHub(t, dir, clk.Now, "--trusted-proxy", "127.0.0.1")
	front, pool := startNginx(t, nginx, []string{a.APIURL, b.APIURL})

	kdir := t.TempDir()
	k := &testKiosk{t: t, dir: kdir, clock: clk}
	k.open()
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, DisableCompression: true}}
	k.cl = client.New(kdir, client.NewStoreCatalogue(k.st), client.Options{Now: clk.Now, HTTP: hc, PageSize: 5})
	k.up = client.NewUplink(k.cl, k.ob, client.UplinkOptions{})
	if _, err := k.cl.Enroll(ctx, front, code, false); err != nil {
		t.Fatalf("enrol through nginx: %v\n%s", err, readFile(t, filepath.Join(filepath.Dir(front), "error.log")))
	}
	res, err := k.cl.SyncOnce(ctx)
	if err != nil {
		t.Fatalf("sync through nginx: %v", err)
	}
	if got := k.digest(t); got != want {
		t.Fatalf("kiosk digest %s after %d pages, hub %s", got, res.Pages, want)
	}
	k.service()
	id := k.submit(feedback("经反向代理提交的意见")).ID
	if dr, _ := k.exchange(); dr.Sent != 1 {
		t.Fatalf("upload through nginx: %+v", dr)
	}
	checkExactlyOnce(t, &testHub{dir: dir}, map[string]bool{id: true})
	for name, h := range map[string]*browsertest.Hub{"first": a, "second": b} {
		if n := strings.Count(h.Logs.String(), `"path":"/v1/changes"`); n == 0 {
			t.Errorf("the %s hub served no page of %d: nginx did not balance", name, res.Pages)
		}
		if !strings.Contains(h.Logs.String(), `"remote":"127.0.0.1:`) {
			t.Errorf("the %s hub saw no request from nginx", name)
		}
	}
}

// startNginx runs nginx (as nobody when the test runs as root) with the
// shipped configuration pointed at upstreams and a self-signed certificate
// for 127.0.0.1 on a free loopback port, until the test ends. It returns
// the front's https URL and a pool trusting the certificate.
func startNginx(t *testing.T, nginx string, upstreams []string) (string, *x509.CertPool) {
	t.Helper()
	dir, err := os.MkdirTemp("", "gongkai-nginx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	certPEM, keyPEM := selfSigned(t)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	write(t, filepath.Join(dir, "hub.crt"), certPEM)
	write(t, filepath.Join(dir, "hub.key"), keyPEM)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	conf := readFile(t, nginxConf)
	var servers []string
	for _, u := range upstreams {
		servers = append(servers, "    server "+strings.TrimPrefix(u, "http://")+" max_fails=3 fail_timeout=10s;")
	}
	for old, repl := range map[string]string{
		"    server 127.0.0.1:8440 max_fails=3 fail_timeout=10s;\n    server 127.0.0.1:8441 max_fails=3 fail_timeout=10s;": strings.Join(servers, "\n"),
		"listen 443 ssl;":                 "listen 127.0.0.1:" + strconv.Itoa(port) + " ssl;",
		"/etc/gongkai/tls/hub.crt":        filepath.Join(dir, "hub.crt"),
		"/etc/gongkai/tls/hub.key":        filepath.Join(dir, "hub.key"),
		"server_name hub.example.gov.cn;": "server_name 127.0.0.1;",
	} {
		if !strings.Contains(conf, old) {
			t.Fatalf("%s no longer has %q", nginxConf, old)
		}
		conf = strings.Replace(conf, old, repl, 1)
	}
	write(t, filepath.Join(dir, "gongkai-hub.conf"), []byte(conf))
	main := "worker_processes 1;\ndaemon off;\npid " + filepath.Join(dir, "nginx.pid") + ";\n" +
		"error_log " + filepath.Join(dir, "error.log") + " warn;\nevents { worker_connections 1024; }\nhttp {\n" +
		"  access_log " + filepath.Join(dir, "access.log") + ";\n"
	for _, tmp := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		main += "  " + tmp + "_temp_path " + filepath.Join(dir, tmp) + ";\n"
	}
	main += "  include " + filepath.Join(dir, "gongkai-hub.conf") + ";\n}\n"
	write(t, filepath.Join(dir, "nginx.conf"), []byte(main))

	cmd := exec.Command(nginx, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log"))
	if os.Geteuid() == 0 {
		// nginx runs as an ordinary user, as it would under a service account.
		uid, gid := 65534, 65534
		filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { return os.Lchown(p, uid, gid) })
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	out := &browsertest.Logs{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGQUIT) // graceful: finish requests in flight
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	url := "https://127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := tls.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port), &tls.Config{RootCAs: pool})
		if err == nil {
			c.Close()
			return url, pool
		}
		select {
		case err := <-done:
			t.Fatalf("nginx exited: %v\n%s%s", err, out.String(), readFile(t, filepath.Join(dir, "error.log")))
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not listen: %v\n%s", err, out.String())
		}
	}
}

// selfSigned makes a certificate and key for 127.0.0.1, valid around now
// (nginx and Go check it against the real clock).
func selfSigned(t *testing.T) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gongkai hub test"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, _ := os.ReadFile(path)
	return string(b)
}
