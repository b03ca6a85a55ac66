package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPublicURL checks [sync] public_url, the base of every receipt's QR
// code, when the file is loaded: a typo must not print unusable codes.
func TestPublicURL(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"", true},
		{"https://gk.yanggu.gov.cn", true},
		{"http://10.0.0.5:8080/gongkai/", true},
		{"gk.yanggu.gov.cn", false},
		{"ftp://gk.yanggu.gov.cn", false},
		{"https://", false},
		{"https://gk.yanggu.gov.cn/?x=1", false},
		{"https://gk.yanggu.gov.cn/#top", false},
		{"https://gk yanggu.gov.cn", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kiosk.toml")
			os.WriteFile(path, []byte("[sync]\npublic_url = \""+tt.url+"\"\n"), 0o644)
			cfg, err := Load(path)
			if tt.ok != (err == nil) || (err != nil && !strings.Contains(err.Error(), "public_url")) {
				t.Fatalf("Load = %v, want ok=%v", err, tt.ok)
			}
			if tt.ok && cfg.Sync.PublicURL != tt.url {
				t.Errorf("public_url = %q", cfg.Sync.PublicURL)
			}
		})
	}
}
