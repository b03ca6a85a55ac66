//go:build !scenes

package kioskcli

import (
	"strings"
	"testing"
)

// TestRunHasNoScripts: the kiosk built without the "scenes" tag, as it
// ships, knows neither the screenshot scenes nor the benchmark walk.
func TestRunHasNoScripts(t *testing.T) {
	if scriptFlags != nil {
		t.Fatal("scriptFlags is set in a build without the scenes tag")
	}
	for _, args := range [][]string{{"run", "--scene", "staff"}, {"run", "--bench-walk"}} {
		code, out, errs := syncCLI(t, kioskMain, args...)
		if code != 2 || !strings.Contains(out+errs, "flag provided but not defined") {
			t.Errorf("kiosk %s = %d, want 2 with an undefined flag:\n%s%s", strings.Join(args, " "), code, out, errs)
		}
	}
}
