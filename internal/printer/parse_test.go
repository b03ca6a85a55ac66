package printer

import (
	"slices"
	"testing"
)

// Output captured from lpstat 2.4.2 (Debian 12) in the C locale.
const lpstatJobs = `gongkai-pdf-1           root              1024   Wed Nov 25 19:09:42 2026
	Status: 
	Alerts: processing-to-stop-point
	queued for gongkai-pdf
gongkai-pdf-3           root              1024   Wed Nov 25 19:10:00 2026
	Status: loadFilename failed: /var/spool/cups/d00003-001: unable to find trailer dictionary while recovering damaged file
	Alerts: job-completed-with-errors
	queued for gongkai-pdf
gongkai-raw-2           root              1024   Wed Nov 25 19:09:48 2026
	Status: The printer may not exist or is unavailable at this time.
	Alerts: job-canceled-by-user
	queued for gongkai-raw
`

func TestParseJobs(t *testing.T) {
	jobs := parseJobs(lpstatJobs)
	if len(jobs) != 3 {
		t.Fatalf("%d jobs, want 3: %+v", len(jobs), jobs)
	}
	for _, tc := range []struct {
		i                        int
		id                       string
		alerts                   []string
		failed, canceled, status bool
	}{
		{0, "gongkai-pdf-1", []string{"processing-to-stop-point"}, false, false, false},
		{1, "gongkai-pdf-3", []string{"job-completed-with-errors"}, true, false, true},
		{2, "gongkai-raw-2", []string{"job-canceled-by-user"}, false, true, true},
	} {
		j := jobs[tc.i]
		if j.ID != tc.id || !slices.Equal(j.Alerts, tc.alerts) || j.failed() != tc.failed ||
			j.canceled() != tc.canceled || (j.Status != "") != tc.status {
			t.Errorf("job %d = %+v (failed %v, canceled %v)", tc.i, j, j.failed(), j.canceled())
		}
	}
	if got := parseJobs(""); len(got) != 0 {
		t.Fatalf("empty output gave %+v", got)
	}
	if got := jobNumber("gongkai-pdf-12"); got != 12 {
		t.Fatalf("jobNumber = %d", got)
	}
}

func TestQueueLine(t *testing.T) {
	for _, tc := range []struct{ line, state, job string }{
		{"printer gongkai-pdf is idle.  enabled since Wed Nov 25 19:09:38 2026", "is idle", ""},
		{"printer gongkai-raw now printing gongkai-raw-2.  enabled since Wed Nov 25 19:09:48 2026", "now printing gongkai-raw-2.", "gongkai-raw-2"},
		{"printer gongkai-pdf disabled since Wed Nov 25 19:10:00 2026 -", "disabled", ""},
	} {
		m := queueLine.FindStringSubmatch(tc.line)
		if m == nil || m[1] != tc.state || m[2] != tc.job {
			t.Errorf("%q: %q", tc.line, m)
		}
	}
	if reason([]string{"printer x disabled since ... -", "\tpaper out"}) != "（paper out）" {
		t.Error("reason not read")
	}
}
