package version

import (
	"os"
	"regexp"
	"runtime/debug"
	"testing"
)

// TestFromFyneApp: the version is FyneApp.toml's, as committed.
func TestFromFyneApp(t *testing.T) {
	b, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	if got := Get(); got.Version != string(m[1]) || got.Build < 1 {
		t.Errorf("Get() = %+v, want version %s and a build number", got, m[1])
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		settings []debug.BuildSetting
		want     string
	}{
		{nil, "0.1.0 (build 1)"},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "3f2a9c1d0b7e55aa01"}, {Key: "vcs.modified", Value: "false"}}, "0.1.0 (build 1, 3f2a9c1d0b7e)"},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "3f2a9c1d0b7e55aa01"}, {Key: "vcs.modified", Value: "true"}}, "0.1.0 (build 1, 3f2a9c1d0b7e-dirty)"},
	}
	for _, tt := range tests {
		i := parse([]byte("[Details]\nVersion = \"0.1.0\"\nBuild = 1\n"))
		i.Revision, i.Modified = vcs(tt.settings)
		if got := i.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
	if got := parse([]byte("not toml [")).Version; got != "unknown" {
		t.Errorf("a broken FyneApp.toml gives %q", got)
	}
}
