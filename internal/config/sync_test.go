package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSyncSection(t *testing.T) {
	if err := Default().Sync.Validate(); err != nil {
		t.Fatalf("default sync settings: %v", err)
	}
	tests := []struct {
		name, toml, bad string
	}{
		{"all keys", "[sync]\ninterval = \"1m\"\nmax_backoff = \"2h\"\nusb_glob = \"/mnt/*.bundle\"\nusb_every = \"5s\"\npage_size = 1000\n", ""},
		{"short interval", "[sync]\ninterval = \"1s\"\n", "sync.interval"},
		{"backoff below interval", "[sync]\ninterval = \"10m\"\nmax_backoff = \"5m\"\n", "sync.max_backoff"},
		{"page too big", "[sync]\npage_size = 5000\n", "sync.page_size"},
		{"hub urls", "[sync]\nhub_urls = [\"https://hub-a.example:8443\", \"http://10.0.0.2:8440\"]\n", ""},
		{"bad hub url", "[sync]\nhub_urls = [\"hub-b:8440\"]\n", "sync.hub_urls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kiosk.toml")
			os.WriteFile(path, []byte(tt.toml), 0o644)
			// Load refuses a bad [sync] section, so a typo fails at start-up.
			cfg, err := Load(path)
			if (tt.bad == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.bad)) {
				t.Fatalf("Validate = %v, want an error naming %q", err, tt.bad)
			}
			if tt.name == "all keys" && (cfg.Sync.Interval.D() != time.Minute || cfg.Sync.PageSize != 1000 || cfg.Sync.USBGlob != "/mnt/*.bundle") {
				t.Errorf("read %+v", cfg.Sync)
			}
			if tt.name == "hub urls" && len(cfg.Sync.HubURLs) != 2 {
				t.Errorf("hub_urls read as %q", cfg.Sync.HubURLs)
			}
		})
	}
}
