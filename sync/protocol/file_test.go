package protocol

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileVerified(t *testing.T) {
	content := "附件内容"
	sum := sha256.Sum256([]byte(content))
	sha := hex.EncodeToString(sum[:])
	tests := []struct {
		name string
		body string
		size int64
		ok   bool
	}{
		{"right bytes", content, int64(len(content)), true},
		{"one byte changed", content[:len(content)-1] + "X", int64(len(content)), false},
		{"cut short", content[:5], int64(len(content)), false},
		{"too long", content + "!", int64(len(content)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, sha)
			err := WriteFileVerified(path, sha, tt.size, strings.NewReader(tt.body))
			if tt.ok != (err == nil) || (!tt.ok && !errors.Is(err, ErrContent)) {
				t.Fatalf("WriteFileVerified = %v", err)
			}
			ents, _ := os.ReadDir(dir)
			if want := map[bool]int{true: 1, false: 0}[tt.ok]; len(ents) != want {
				t.Fatalf("directory holds %d files, want %d", len(ents), want)
			}
		})
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x.123.part"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, sha), nil, 0o644)
	if n, err := RemoveParts(dir); n != 1 || err != nil {
		t.Errorf("RemoveParts = %d, %v", n, err)
	}
}
