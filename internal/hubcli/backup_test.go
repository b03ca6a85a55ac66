package hubcli

import (
	"gongkai/internal/cmdline/cmdlinetest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBackupToDirectoryKeepsTheNewest: the nightly timer's form, `hub
// backup --out DIR --keep N`, writes dated files and removes the oldest.
func TestBackupToDirectoryKeepsTheNewest(t *testing.T) {
	data := newHub(t)
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("not a backup"), 0o644)
	night := time.Date(2026, 3, 2, 3, 0, 0, 0, time.Local)
	for i := range 4 {
		cmdlinetest.MustRun(t, Main, func() time.Time { return night.AddDate(0, 0, i) }, "", "backup", "--data", data, "--out", out, "--keep", "2")
	}
	ents, _ := os.ReadDir(out)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if got, want := strings.Join(names, " "), "gongkai-hub-20260304-030000.tar.gz gongkai-hub-20260305-030000.tar.gz notes.txt"; got != want {
		t.Errorf("backup directory holds %s, want %s", got, want)
	}

	restored := filepath.Join(t.TempDir(), "restored")
	if code, out, errs := run(t, "restore", "--data", restored, "--from", filepath.Join(out, names[1])); code != 0 || !strings.Contains(out, "hub.db") {
		t.Fatalf("restore: %d %s %s", code, out, errs)
	}
	_, keysBefore, _ := run(t, "keys", "--data", data)
	if code, keysAfter, errs := run(t, "keys", "--data", restored); code != 0 || keysAfter != keysBefore {
		t.Errorf("restored hub's keys:\n%s%s\nwant\n%s", keysAfter, errs, keysBefore)
	}
	for _, args := range [][]string{
		{"backup", "--data", data},
		{"backup", "--data", data, "--out", filepath.Join(out, "x.tar"), "--keep", "3"},
		{"restore", "--data", restored},
	} {
		if code, _, _ := run(t, args...); code != 2 {
			t.Errorf("hub %s: exit %d, want a usage error", strings.Join(args, " "), code)
		}
	}
	if code, _, errs := run(t, "backup", "--data", t.TempDir(), "--out", filepath.Join(out, "x.tar")); code != 1 || !strings.Contains(errs, "no hub") {
		t.Errorf("backup of an empty directory: %d %s", code, errs)
	}
}
