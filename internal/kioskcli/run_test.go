package kioskcli

import (
	"strings"
	"testing"
)

// TestRunUsage checks the app's flags that fail before any window opens.
func TestRunUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "--size", "10x10"}, "at least 320x240"},
		{[]string{"run", "extra"}, "flags only"},
	}
	for _, tt := range tests {
		code, out, errs := syncCLI(t, kioskMain, tt.args...)
		if code != 2 || !strings.Contains(out+errs, tt.want) {
			t.Errorf("kiosk %s = %d, want 2 with %q:\n%s%s", strings.Join(tt.args, " "), code, tt.want, out, errs)
		}
	}
}
