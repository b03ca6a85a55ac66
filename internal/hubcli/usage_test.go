package hubcli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestChecksBeforeOpening runs each command with flags or arguments its
// checks refuse: a usage error exits 2 with the command's message, a bad
// value exits 1 with its own, and nothing is opened or created in the data
// directory either way.
func TestChecksBeforeOpening(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "none")
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args   []string
		status int
		errs   string // the whole of stderr, or its start when it ends in "…"
	}{
		{[]string{"keys"}, 2, "hub keys: --data DIR is required\n"},
		{[]string{"bundle", "--data", dir}, 2, "hub bundle: --out FILE is required and --since must be 0 or more\n"},
		{[]string{"bundle", "--data", dir, "--out", "b", "--since", "-1"}, 2, "hub bundle: --out FILE is required and --since must be 0 or more\n"},
		{[]string{"deadline", "--data", dir, "--from", "2025-13-01"}, 2, "hub deadline: --from YYYY-MM-DD is required (e.g. --from 2025-09-26)\n"},
		{[]string{"deadline", "--data", dir, "--from", "2025-09-26", "--working-days", "1001"}, 2, "hub deadline: --working-days must be between 1 and 1000\n"},
		{[]string{"kiosks", "--data", dir, "--handled", "3", "--by", " "}, 2, "hub kiosks: --handled needs --by LOGIN (who handled the call)\n"},
		{[]string{"report", "--data", dir, "--year", "2025", "--format", "pdf"}, 2, "hub report: --year N is required and --format is csv or xlsx\n"},
		{[]string{"report", "--data", dir, "--format", "XLSX"}, 2, "hub report: --year N is required and --format is csv or xlsx\n"},
		{[]string{"user", "unlock", "--data", dir}, 2, "hub user unlock: --login is required\n"},
		{[]string{"user", "add", "--data", dir, "--login", "li"}, 2, "hub user add: --login and --role are required\n"},
		{[]string{"backup", "--data", dir}, 2, "hub backup: --out FILE|DIR is required\n"},
		{[]string{"restore", "--data", dir}, 2, "hub restore: --from FILE is required\n"},
		{[]string{"serve", "--data", dir, "--trusted-proxy", "not an address"}, 2, "hub serve: --trusted-proxy: …"},
		{[]string{"migrate-store", "--data", dir, "--to", "sqlite:x"}, 2, "hub migrate-store: --from sqlite, --data DIR (or DIR) and --to postgres://… are required\n"},
		{[]string{"revoke", "--data", dir}, 2, "hub revoke: expected 1 argument(s), got 0: \n…"},
		{[]string{"import", "--data", dir, notDir}, 1, "hub import: " + notDir + " is not a catalogue directory\n"},
		{[]string{"set-status", "--data", dir, "0012-261125-0042-7", "需补正", "--from", "26.3.2"}, 1, "hub set-status: --from \"26.3.2\": 日期格式应为 YYYY-MM-DD\n"},
		{[]string{"submissions", "--data", dir, "--tracking", "12"}, 1, "hub submissions: --tracking: …"},
		{[]string{"user", "add", "--data", dir, "--login", "li", "--role", "boss"}, 1, "hub user: 角色须为…"},
	}
	for _, tc := range tests {
		status, _, errs := run(t, tc.args...)
		want, prefix := strings.CutSuffix(tc.errs, "…")
		if status != tc.status || errs != want && !(prefix && strings.HasPrefix(errs, want)) {
			t.Errorf("hub %s: status %d, stderr %q; want %d and %q", strings.Join(tc.args, " "), status, errs, tc.status, tc.errs)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a refused command touched the data directory: %v", err)
	}
}
