package config

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestPackagedKioskConfig: the /etc/gongkai/kiosk.toml the Debian package
// installs loads, as shipped and with its commented examples enabled, and
// points the kiosk at the package's data directory and USB mounts.
func TestPackagedKioskConfig(t *testing.T) {
	b, err := os.ReadFile("../../packaging/kiosk/kiosk.toml")
	if err != nil {
		t.Fatal(err)
	}
	examples := regexp.MustCompile(`(?m)^# ([a-z_]+ = )`).ReplaceAll(b, []byte("$1"))
	for name, text := range map[string][]byte{"as shipped": b, "with the examples": examples} {
		p := filepath.Join(t.TempDir(), "kiosk.toml")
		if err := os.WriteFile(p, text, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if cfg.DataDir != "/var/lib/gongkai-kiosk" || cfg.Sync.USBGlob != "/media/gongkai/*/gongkai-*.bundle" {
			t.Errorf("%s: data_dir %q, usb_glob %q", name, cfg.DataDir, cfg.Sync.USBGlob)
		}
	}
}
