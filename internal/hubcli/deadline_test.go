package hubcli

import (
	"strings"
	"testing"
)

// TestDeadline checks `hub deadline` against the worked examples of
// docs/ogi-rules.md, on the hub's calendar from the demo catalogue, and marks a
// date past the calendar provisional.
func TestDeadline(t *testing.T) {
	data := newDemoHub(t)
	tests := []struct {
		from, days, want string
		provisional      bool
	}{
		{"2025-09-26", "7", "2025-10-13", false},
		{"2025-09-26", "20", "2025-10-30", false},
		{"2025-09-26", "40", "2025-11-27", false},
		{"2026-02-10", "7", "2026-02-26", false},
		{"2026-02-10", "20", "2026-03-16", false},
		{"2026-12-20", "20", "", true}, // runs into 2027, which the demo calendar lacks
	}
	for _, tt := range tests {
		code, out, errs := run(t, "deadline", "--data", data, "--from", tt.from, "--working-days", tt.days)
		if code != 0 {
			t.Fatalf("deadline %s +%s: exit %d %s", tt.from, tt.days, code, errs)
		}
		first := strings.SplitN(out, "\n", 2)[0]
		if tt.want != "" && first != tt.want {
			t.Errorf("%s +%s = %s, want %s", tt.from, tt.days, first, tt.want)
		}
		if got := strings.Contains(out, "暂定"); got != tt.provisional {
			t.Errorf("%s +%s: provisional %v, want %v:\n%s", tt.from, tt.days, got, tt.provisional, out)
		}
	}
	if code, _, _ := run(t, "deadline", "--data", data, "--from", "2025-13-01"); code != 2 {
		t.Errorf("a bad date: exit %d, want 2", code)
	}
}
