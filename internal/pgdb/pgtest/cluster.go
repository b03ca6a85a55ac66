package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/wallclock"
)

// Cluster is a PostgreSQL server of one test's own, for fault tests that
// stop or restart the server (the shared cluster of GONGKAI_PG_URL must
// never be restarted: other tests use it). It runs from a fresh initdb
// on a free loopback port, its socket in its own directory, trusting
// loopback connections as the superuser gongkai, like scripts/pg-start.sh.
// Unlike that script it keeps synchronous_commit on: an immediate
// shutdown then loses no acknowledged commit (fsync stays off; the
// machine does not crash in a test).
type Cluster struct {
	// URL is the cluster's postgres database.
	URL  string
	dir  string // holds data/, the socket and server.log
	bin  string // PostgreSQL's programs
	root bool   // run them as the postgres user (PostgreSQL refuses root)
}

// binDir finds initdb and pg_ctl: Debian's PostgreSQL 15, another
// version's, or the PATH's.
func binDir() string {
	if _, err := os.Stat("/usr/lib/postgresql/15/bin/initdb"); err == nil {
		return "/usr/lib/postgresql/15/bin"
	}
	if m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb"); len(m) > 0 {
		return filepath.Dir(m[len(m)-1])
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

// StartCluster starts a private cluster, stopped and removed when the
// test ends. Without PostgreSQL's programs the test fails under CI and
// is skipped elsewhere.
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	c := &Cluster{bin: binDir(), root: os.Geteuid() == 0}
	if c.bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("pgtest: no PostgreSQL server programs (initdb, pg_ctl); scripts/setup-debian.sh installs postgresql")
		}
		t.Skip("no PostgreSQL server programs (initdb, pg_ctl): install Debian's postgresql")
	}
	if c.root {
		// t.TempDir's parents are private to root; the postgres user
		// needs a directory it owns, reachable from /tmp.
		dir, err := os.MkdirTemp("", "gongkai-pgcluster-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("pgtest: running as root needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		c.dir = dir
	} else {
		c.dir = t.TempDir()
	}
	port := freePort(t)
	c.run(t, "initdb", "-D", c.data(), "-U", "gongkai", "-A", "reject", "--auth-host=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
	conf := fmt.Sprintf(`
listen_addresses = '127.0.0.1'
port = %d
unix_socket_directories = '%s'
max_connections = 100
shared_buffers = 16MB
fsync = off
full_page_writes = off
`, port, c.dir)
	c.run(t, "sh", "-c", fmt.Sprintf("cat >>%s/postgresql.conf <<'EOF'\n%s\nEOF\necho 'host all all 127.0.0.1/32 trust' >%s/pg_hba.conf",
		c.data(), conf, c.data()))
	t.Cleanup(func() { c.command("pg_ctl", "-D", c.data(), "-m", "immediate", "-w", "stop").Run() }) // perhaps stopped already
	c.Start(t)
	c.URL = fmt.Sprintf("postgres://gongkai@127.0.0.1:%d/postgres?sslmode=disable", port)
	return c
}

// Restart runs pg_ctl restart -m mode (fast: sessions ended with 57P01
// and a checkpoint; immediate: no checkpoint, crash recovery at start)
// and waits until the server takes connections again.
func (c *Cluster) Restart(t testing.TB, mode string) {
	t.Helper()
	c.ctl(t, "restart", "-m", mode)
}

// Stop stops the server (pg_ctl stop -m mode) until Start.
func (c *Cluster) Stop(t testing.TB, mode string) {
	t.Helper()
	c.ctl(t, "stop", "-m", mode)
}

// Start starts the stopped server and waits until it takes connections.
func (c *Cluster) Start(t testing.TB) {
	t.Helper()
	c.ctl(t, "start")
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

// ctl runs pg_ctl's command, waiting up to a minute for it to finish.
func (c *Cluster) ctl(t testing.TB, args ...string) {
	t.Helper()
	c.run(t, "pg_ctl", append([]string{"-D", c.data(), "-l", filepath.Join(c.dir, "server.log"), "-w", "-t", "60"}, args...)...)
}

// run runs a PostgreSQL program (or sh) as the cluster's owner.
func (c *Cluster) run(t testing.TB, prog string, args ...string) {
	t.Helper()
	if out, err := c.command(prog, args...).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
		t.Fatalf("pgtest: %s %s: %v\n%s\nserver.log:\n%s", filepath.Base(prog), strings.Join(args, " "), err, out, lastLines(string(log), 20))
	}
}

// command is prog (a PostgreSQL program, or sh) with args, run as the
// cluster's owner in its directory.
func (c *Cluster) command(prog string, args ...string) *exec.Cmd {
	if prog != "sh" {
		prog = filepath.Join(c.bin, prog)
	}
	cmd := exec.Command(prog, args...)
	if c.root {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", prog}, args...)...)
	}
	cmd.Dir = c.dir
	// The server keeps the real time when the tests run under faketime.
	cmd.Env = append(wallclock.WithoutFaketime(os.Environ()), "LC_ALL=C.UTF-8")
	return cmd
}

// freePort returns a loopback TCP port free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
