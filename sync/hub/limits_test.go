package hub

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/throttle"
	"gongkai/internal/tracking"
	"gongkai/sync/protocol"
)

// twoProcesses opens the hub of st's fresh stores twice from its data
// directory, as two hub processes would (the second finds the database
// Init recorded), each serving the kiosk API with the status page.
func twoProcesses(t *testing.T, st storeMaker) (urls [2]string, clk *clock) {
	t.Helper()
	h, clk := st.init(t)
	for i := range urls {
		other, err := Open(context.Background(), h.Dir, Options{Now: clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { other.Close() })
		if _, ok := other.Limits.(*throttle.Store); !ok {
			t.Fatalf("limits are %T", other.Limits)
		}
		subs, err := OpenSubmissions(context.Background(), other, SubmissionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { subs.Close() })
		srv := NewServer(other, ServerOptions{})
		subs.Register(srv)
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		urls[i] = ts.URL
	}
	return urls, clk
}

// TestLimitsSharedByHubProcesses: wrong verification codes and wrong
// enrolment codes spread over two hub processes count together: the
// fifth wrong code locks the number on both, the tenth wrong enrolment
// code blocks the address on both.
func TestLimitsSharedByHubProcesses(t *testing.T) {
	eachStore(t, func(t *testing.T, st storeMaker) {
		urls, clk := twoProcesses(t, st)
		number, err := tracking.New(1, calendar.Date{Year: 2026, Month: 12, Day: 1}, 1)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := tracking.Parse(number)
		get := func(url string) int {
			t.Helper()
			resp, err := http.Get(url)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		for i := range 5 {
			if code := get(urls[i%2] + "/s/" + n.Compact() + "?c=WRONG" + string(rune('A'+i))); code != http.StatusNotFound {
				t.Fatalf("wrong code %d: %d, want 404", i+1, code)
			}
		}
		for i, u := range urls {
			if code := get(u + "/s/" + n.Compact() + "?c=ANY"); code != http.StatusTooManyRequests {
				t.Errorf("process %d after 5 wrong codes over both: %d, want 429", i+1, code)
			}
		}
		clk.t = clk.t.Add(15 * time.Minute)
		if code := get(urls[0] + "/s/" + n.Compact() + "?c=ANY"); code != http.StatusNotFound {
			t.Errorf("after the lock: %d, want 404", code)
		}

		enrol := func(url string) int {
			t.Helper()
			resp := do(t, "POST", url+"/v1/enroll", "", strings.NewReader(`{"code":"NOT-A-CODE"}`),
				map[string]string{protocol.HeaderProtocol: protocol.Version})
			resp.Body.Close()
			return resp.StatusCode
		}
		for i := range 10 {
			if code := enrol(urls[i%2]); code != http.StatusForbidden {
				t.Fatalf("wrong enrolment code %d: %d, want 403", i+1, code)
			}
		}
		for i, u := range urls {
			if code := enrol(u); code != http.StatusTooManyRequests {
				t.Errorf("process %d after 10 wrong enrolment codes over both: %d, want 429", i+1, code)
			}
		}
	})
}
