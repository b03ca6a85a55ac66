// Package nginxfront runs Debian's nginx with the hub's shipped front
// configuration (packaging/hub/nginx-gongkai-hub.conf, docs/deploy-nginx.md)
// on loopback, for the tests and benchmarks that put several hub processes
// behind it: the configuration is used as shipped, with only its marked
// places (upstream servers, listen address, server name, certificate)
// filled in, and a fresh self-signed certificate. nginx runs as an ordinary
// user (nobody when started by root).
package nginxfront

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"gongkai/internal/syncbuf"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gongkai/internal/wallclock"
)

// Options say what to run.
type Options struct {
	Nginx     string   // the binary; "nginx" on PATH, else /usr/sbin/nginx
	Conf      []byte   // the shipped configuration
	Upstreams []string // host:port of every hub process
	// Now is the clock the certificate is valid around: the real one, as
	// the TLS clients that check it read it.
	Now func() time.Time
	// Connections is nginx's worker_connections; 1024.
	Connections int
}

// Front is a running nginx.
type Front struct {
	URL  string         // https://127.0.0.1:PORT
	Pool *x509.CertPool // trusts its certificate
	Dir  string         // its configuration, certificate, logs and temporary files

	cmd  *exec.Cmd
	done chan error
	out  *syncbuf.Buffer
}

// ErrNoNginx is returned when no nginx binary is found.
var ErrNoNginx = errors.New("nginx is not installed (apt-get install nginx-light)")

// Find returns the nginx binary: on PATH, else Debian's /usr/sbin/nginx.
func Find() (string, error) {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p, nil
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx", nil
	}
	return "", ErrNoNginx
}

// marked are the places of the shipped configuration a deployment changes.
const (
	markUpstreams = "    server 127.0.0.1:8440 max_fails=3 fail_timeout=10s;\n    server 127.0.0.1:8441 max_fails=3 fail_timeout=10s;"
	markListen    = "listen 443 ssl"
	markName      = "server_name hub.example.gov.cn;"
	markCert      = "/etc/gongkai/tls/hub.crt"
	markKey       = "/etc/gongkai/tls/hub.key"
)

// Start writes the configuration and a certificate to a new directory,
// starts nginx on a free loopback port and waits until it answers TLS.
func Start(opt Options) (f *Front, err error) {
	if opt.Nginx == "" {
		if opt.Nginx, err = Find(); err != nil {
			return nil, err
		}
	}
	if opt.Connections <= 0 {
		opt.Connections = 1024
	}
	dir, err := os.MkdirTemp("", "gongkai-nginx-")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	certPEM, keyPEM, err := SelfSigned(opt.Now())
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	var servers []string
	for _, u := range opt.Upstreams {
		servers = append(servers, "    server "+u+" max_fails=3 fail_timeout=10s;")
	}
	conf := string(opt.Conf)
	for _, r := range [][2]string{
		{markUpstreams, strings.Join(servers, "\n")},
		{markListen, "listen 127.0.0.1:" + strconv.Itoa(port) + " ssl"},
		{markName, "server_name 127.0.0.1;"},
		{markCert, filepath.Join(dir, "hub.crt")},
		{markKey, filepath.Join(dir, "hub.key")},
	} {
		if !strings.Contains(conf, r[0]) {
			return nil, fmt.Errorf("the front configuration no longer has %q", r[0])
		}
		conf = strings.Replace(conf, r[0], r[1], 1)
	}
	// The main configuration is Debian's /etc/nginx/nginx.conf as
	// docs/deploy-nginx.md says to set it: a worker per core.
	main := fmt.Sprintf("worker_processes auto;\nworker_rlimit_nofile %d;\ndaemon off;\npid %s;\nerror_log %s warn;\n"+
		"events { worker_connections %d; }\nhttp {\n  access_log off;\n",
		4*opt.Connections, filepath.Join(dir, "nginx.pid"), filepath.Join(dir, "error.log"), opt.Connections)
	for _, tmp := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		main += "  " + tmp + "_temp_path " + filepath.Join(dir, tmp) + ";\n"
	}
	main += "  include " + filepath.Join(dir, "gongkai-hub.conf") + ";\n}\n"
	for name, b := range map[string][]byte{"hub.crt": certPEM, "hub.key": keyPEM, "gongkai-hub.conf": []byte(conf), "nginx.conf": []byte(main)} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command(opt.Nginx, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log"))
	// nginx gets a process group of its own, so Stop can end its workers
	// too, and none of faketime's preload: its clock is not under test,
	// and libfaketime's shared state belongs to the user who started it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Env = wallclock.WithoutFaketime(os.Environ())
	if os.Geteuid() == 0 {
		const nobody = 65534
		filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { return os.Lchown(p, nobody, nobody) })
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: nobody, Gid: nobody}
	}
	out := &syncbuf.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	// A worker left holding the output pipe must not keep Wait from returning.
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	f = &Front{URL: "https://127.0.0.1:" + strconv.Itoa(port), Pool: pool, Dir: dir, cmd: cmd, done: make(chan error, 1), out: out}
	go func() { f.done <- cmd.Wait() }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, derr := tls.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port), &tls.Config{RootCAs: pool})
		if derr == nil {
			c.Close()
			return f, nil
		}
		select {
		case werr := <-f.done:
			return nil, fmt.Errorf("nginx exited: %v\n%s%s", werr, out.String(), f.ErrorLog())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			f.Stop()
			return nil, fmt.Errorf("nginx did not answer TLS in 20 s: %v\n%s", derr, f.ErrorLog())
		}
	}
}

// Pid returns the nginx master's process id, which is also the process
// group of its workers (for benchstat.GroupCPU).
func (f *Front) Pid() int { return f.cmd.Process.Pid }

// ErrorLog returns nginx's error log so far.
func (f *Front) ErrorLog() string {
	b, _ := os.ReadFile(filepath.Join(f.Dir, "error.log"))
	return string(b)
}

// Stop stops nginx gracefully (requests in flight finish), killing it
// after 10 s, and removes its directory.
func (f *Front) Stop() {
	f.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-f.done:
	case <-time.After(10 * time.Second):
		syscall.Kill(-f.cmd.Process.Pid, syscall.SIGKILL) // master and workers
		<-f.done
	}
	os.RemoveAll(f.Dir)
}

// SelfSigned makes an ECDSA certificate and key for 127.0.0.1 and
// localhost, valid from an hour before now for a day.
func SelfSigned(now time.Time) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()), Subject: pkix.Name{CommonName: "gongkai hub front (test)"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
