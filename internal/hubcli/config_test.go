package hubcli

import (
	"bytes"
	"gongkai/internal/cmdline/cmdlinetest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func writeConfig(t *testing.T, text string) string {
	return cmdlinetest.ConfigFile(t, "hub.toml", text)
}

// TestConfigFillsFlags: the packaged hub.toml gives every command its
// --data and `hub serve` its addresses; the command line wins.
func TestConfigFillsFlags(t *testing.T) {
	data := newHub(t)
	cfg := writeConfig(t, "data = \""+data+"\"\n\n[serve]\naddr = \"127.0.0.1:9440\"\n\n[bundle]\nsince = 0\n")
	if code, out, errs := run(t, "keys", "--config", cfg); code != 0 || !strings.Contains(out, "公钥指纹") {
		t.Fatalf("keys --config: %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, "keys", "--config", cfg, "--data", filepath.Join(t.TempDir(), "none")); code != 1 || !strings.Contains(errs, "hub init") {
		t.Fatalf("--data on the command line did not win over the file: %d %s", code, errs)
	}

	var dir string
	env := &Env{Stderr: &bytes.Buffer{}}
	fs := flags(env, "serve", &dir)
	addr := fs.String("addr", ":8440", "")
	if _, err := parse(fs, env, []string{"--config", cfg}, &dir, 0); err != nil {
		t.Fatal(err)
	}
	if dir != data || *addr != "127.0.0.1:9440" {
		t.Errorf("serve got --data %q --addr %q from the file", dir, *addr)
	}
}

func TestConfigRefusesWhatNoFlagTakes(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"unknown top-level key", "dta = \"/x\"\n", `unknown key "dta"`},
		{"unknown flag of the command", "data = \"/x\"\n[keys]\nadr = \":1\"\n", `[keys] "adr" is not a flag of hub keys`},
		{"unknown section", "data = \"/x\"\n[serv]\naddr = \":1\"\n", "[serv] is not a hub command"},
		{"not a scalar", "data = [\"/x\"]\n", "give a string"},
		{"not TOML", "data = \n", "config file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, "keys", "--config", writeConfig(t, tt.text))
			if code == 0 || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q, want an error with %q", code, errs, tt.want)
			}
		})
	}
	if code, _, errs := run(t, "keys", "--config", filepath.Join(t.TempDir(), "missing.toml")); code == 0 || !strings.Contains(errs, "missing.toml") {
		t.Errorf("a missing file: exit %d %q", code, errs)
	}
}

// TestPackagedConfigIsValid: every key of the hub.toml the Debian package
// installs, its commented examples included, is a flag of its command, so
// the file the service starts with never stops it.
func TestPackagedConfigIsValid(t *testing.T) {
	b, err := os.ReadFile("../../packaging/hub/hub.toml")
	if err != nil {
		t.Fatal(err)
	}
	example := regexp.MustCompile(`(?m)^# ([a-z-]+ = )`)
	empty := t.TempDir()
	text := example.ReplaceAllString(string(b), "$1")
	text = strings.Replace(text, `data = "/var/lib/gongkai-hub"`, `data = "`+empty+`"`, 1)
	code, _, errs := run(t, "serve", "--config", writeConfig(t, text))
	if code != 1 || !strings.Contains(errs, "hub init") {
		t.Fatalf("hub serve with the packaged hub.toml: exit %d, %s(want to fail only for want of a hub in %s)", code, errs, empty)
	}
}
