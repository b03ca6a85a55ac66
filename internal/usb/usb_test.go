package usb_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/usb"
)

func TestBundlesAndDrives(t *testing.T) {
	media := t.TempDir()
	glob := filepath.Join(media, "*", "gongkai-*.bundle")
	for _, d := range []string{"STICK", "OTHER"} {
		if err := os.Mkdir(filepath.Join(media, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	a := filepath.Join(media, "STICK", "gongkai-a.bundle")
	b := filepath.Join(media, "OTHER", "gongkai-b.bundle")
	os.WriteFile(a, []byte("abc"), 0o600)
	os.WriteFile(b, []byte("de"), 0o600)
	os.Mkdir(filepath.Join(media, "STICK", "gongkai-dir.bundle"), 0o700) // not a file
	os.WriteFile(filepath.Join(media, "stray.txt"), nil, 0o600)          // not a drive
	mod := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	os.Chtimes(a, mod, mod)

	files, err := usb.Bundles(glob)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[0].Path != b || files[1].Path != a || files[1].Size != 3 || !files[1].Modified.Equal(mod) {
		t.Errorf("Bundles = %+v", files)
	}
	drives, err := usb.Drives(glob)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(media, "OTHER"), filepath.Join(media, "STICK")}; !reflect.DeepEqual(drives, want) {
		t.Errorf("Drives = %v, want %v", drives, want)
	}
	for _, bad := range []string{"", filepath.Join(media, "[", "x.bundle")} {
		if _, err := usb.Bundles(bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("Bundles(%q) = %v", bad, err)
		}
		if _, err := usb.Drives(bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("Drives(%q) = %v", bad, err)
		}
	}
}
