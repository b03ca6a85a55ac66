// Package cmdlinetest runs the kiosk's and the hub's command lines in
// tests: an Env over buffers, with a given standard input and clock and no
// environment variables.
package cmdlinetest

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/assets"
	"gongkai/internal/cmdline"
)

// Main is a binary's command line: kioskcli.Main or hubcli.Main.
type Main func(ctx context.Context, args []string, env *cmdline.Env) int

// Env returns an Env that reads stdin, writes to stdout and stderr, sees no
// environment variables and tells time by now.
func Env(stdin string, stdout, stderr io.Writer, now func() time.Time) *cmdline.Env {
	return &cmdline.Env{Stdin: strings.NewReader(stdin), Stdout: stdout, Stderr: stderr,
		Getenv: func(string) string { return "" }, Now: now}
}

// Run runs main with args on stdin and the clock now, and returns its exit
// status and what it wrote to stdout and stderr.
func Run(ctx context.Context, main Main, now func() time.Time, stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := main(ctx, args, Env(stdin, &out, &errb, now))
	return code, out.String(), errb.String()
}

// MustRun is Run that fails the test unless the command exits 0; it
// returns stdout.
func MustRun(t testing.TB, main Main, now func() time.Time, stdin string, args ...string) string {
	t.Helper()
	code, out, errs := Run(context.Background(), main, now, stdin, args...)
	if code != 0 {
		t.Fatalf("%s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// ConfigFile writes text as a configuration file called name (kiosk.toml,
// hub.toml) in a directory of its own, and returns its path for --config.
func ConfigFile(t testing.TB, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// DemoSource copies the embedded demo catalogue into a directory the test
// may edit, as an agency's catalogue source directory for `hub import`.
func DemoSource(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, assets.DemoCatalog()); err != nil {
		t.Fatal(err)
	}
	return dir
}
