package hubcli

import (
	"testing"

	"gongkai/internal/version"
)

func TestVersionFlag(t *testing.T) {
	for _, arg := range []string{"--version", "-version"} {
		code, out, errs := run(t, arg)
		if want := "hub " + version.Get().String() + "\n"; code != 0 || out != want || errs != "" {
			t.Errorf("hub %s: status %d, out %q, err %q; want %q", arg, code, out, errs, want)
		}
	}
}
