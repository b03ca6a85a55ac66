package kioskcli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestChecksBeforeOpening runs each command with flags or arguments it
// refuses, in each of the ways the commands parse: a usage error exits 2
// with the command's usage line or message, a flag the command does not
// know exits as that command always did, and the data directory is not
// created.
func TestChecksBeforeOpening(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	tests := []struct {
		args   []string
		status int
		errs   string // the whole of stderr, or its start when it ends in "…"
	}{
		{[]string{"export-queue", "--data", data}, 2, "usage: kiosk export-queue --data DIR [--config F] --to DIR\n"},
		{[]string{"submit", "--data", data}, 2, "usage: kiosk submit --data DIR [--config F] [--print] --json FILE\n"},
		{[]string{"status", "--data", data, "0012-261125-0042-7"}, 2, "usage: kiosk status --data DIR [--config F] [--json] TRACKING CODE\n"},
		{[]string{"queue", "--data", data, "extra"}, 2, "usage: kiosk queue --data DIR [--config F] [--json]\n"},
		{[]string{"health", "--data", data, "extra"}, 2, "usage: kiosk health --data DIR [--config F]\n"},
		{[]string{"cancel", "--data", data, "0012-261125-0042-7"}, 2, "usage: kiosk cancel --data DIR [--config F] [--print] TRACKING CODE\n"},
		{[]string{"queue", "--data", data, "--bogus"}, 1, "flag provided but not defined: -bogus\n…"},
		{[]string{"enroll", "--data", data}, 2, "kiosk enroll: give --hub URL and --code CODE, or (for a USB-only kiosk) --sign-key KEY\n"},
		{[]string{"enroll", "--data", data, "--hub", "http://hub:8440"}, 2, "kiosk enroll: give --hub URL and --code CODE, or (for a USB-only kiosk) --sign-key KEY\n"},
		{[]string{"enroll", "--data", data, "--hub", "http://hub:8440", "--code", "c", "--sign-key", "k"}, 2, "kiosk enroll: give --hub URL and --code CODE, or (for a USB-only kiosk) --sign-key KEY\n"},
		{[]string{"enroll", "--data", data, "--code", "c", "stray"}, 2, "kiosk enroll: unexpected argument \"stray\"\n"},
		{[]string{"sync", "--data", data, "stray"}, 2, "kiosk sync: unexpected argument \"stray\"\n"},
		{[]string{"sync", "--bogus"}, 2, "flag provided but not defined: -bogus\n…"},
		{[]string{"import-bundle", "--data", data}, 2, "kiosk import-bundle: give one bundle FILE\n"},
		{[]string{"set-pin", "--data", data, "123456"}, 2, "kiosk set-pin: takes no arguments; the PIN is read from standard input so it stays out of the shell history\n"},
		{[]string{"search", "--data", data, "--offset", "-1", "教育"}, 2, "kiosk search: --offset 不能为负数\n"},
		{[]string{"search", "--data", data, "  "}, 2, "kiosk search: 请在选项之后给出要搜索的词，例如：kiosk search --data DIR 招生政策\n"},
	}
	for _, tc := range tests {
		_, errs, status := runCLI(tc.args...)
		want, prefix := strings.CutSuffix(tc.errs, "…")
		if status != tc.status || errs != want && !(prefix && strings.HasPrefix(errs, want)) {
			t.Errorf("kiosk %s: status %d, stderr %q; want %d and %q", strings.Join(tc.args, " "), status, errs, tc.status, tc.errs)
		}
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("a refused command touched the data directory: %v", err)
	}
}
