// Package version says which build of the kiosk and hub is running: the
// version and build number of FyneApp.toml (the one source of truth,
// embedded at build time, so a plain `go build` reports it too) and the
// git revision Go stamps into binaries built from a work tree.
package version

import (
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/BurntSushi/toml"

	"gongkai"
)

// Info is one build's version.
type Info struct {
	Version  string // FyneApp.toml [Details] Version, e.g. 0.1.0
	Build    int    // FyneApp.toml [Details] Build
	Revision string // the git commit built from, shortened to 12 digits; "" when unknown (go test, no git)
	Modified bool   // the work tree had uncommitted changes
}

// Get returns the running binary's version.
var Get = sync.OnceValue(func() Info {
	i := parse(gongkai.FyneAppTOML)
	if bi, ok := debug.ReadBuildInfo(); ok {
		i.Revision, i.Modified = vcs(bi.Settings)
	}
	return i
})

// parse reads the version from FyneApp.toml. The file is embedded and its
// test parses it, so a failure here is a broken build: it shows as
// "unknown" rather than stopping the kiosk.
func parse(b []byte) Info {
	var f struct {
		Details struct {
			Version string
			Build   int
		}
	}
	if _, err := toml.Decode(string(b), &f); err != nil || f.Details.Version == "" {
		return Info{Version: "unknown"}
	}
	return Info{Version: f.Details.Version, Build: f.Details.Build}
}

// vcs reads the revision Go recorded from git (-buildvcs, on by default).
func vcs(settings []debug.BuildSetting) (rev string, modified bool) {
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return rev, modified
}

// String gives the version as `kiosk --version` and the staff screen show
// it: "0.1.0 (build 1, 3f2a9c1d0b7e)", with "-dirty" after a revision
// built from a changed work tree.
func (i Info) String() string {
	s := fmt.Sprintf("%s (build %d", i.Version, i.Build)
	if i.Revision != "" {
		s += ", " + i.Revision
		if i.Modified {
			s += "-dirty"
		}
	}
	return s + ")"
}
