//go:build scenes

package kioskcli

import (
	"strings"
	"testing"
)

// TestSceneUsage: the scenes build lists its scenes when given an unknown
// one, before any window opens.
func TestSceneUsage(t *testing.T) {
	code, out, errs := syncCLI(t, kioskMain, "run", "--scene", "nope")
	if want := "application, layout, search, staff"; code != 2 || !strings.Contains(out+errs, want) {
		t.Errorf("kiosk run --scene nope = %d, want 2 with %q:\n%s%s", code, want, out, errs)
	}
}
