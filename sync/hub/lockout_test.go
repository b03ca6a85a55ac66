package hub

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestClientKey(t *testing.T) {
	trusted, err := ParseTrustedProxies("127.0.0.1, ::1,10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		remote, xff, want string
	}{
		{"192.0.2.7:5000", "", "192.0.2.7"},
		{"192.0.2.7:5000", "198.51.100.1", "192.0.2.7"},    // untrusted peer: header ignored
		{"127.0.0.1:5000", "198.51.100.1", "198.51.100.1"}, // trusted proxy
		{"127.0.0.1:5000", "", "127.0.0.1"},
		{"127.0.0.1:5000", "203.0.113.9, 198.51.100.1", "198.51.100.1"}, // the hop the proxy saw
		{"127.0.0.1:5000", "198.51.100.1, 10.1.2.3", "198.51.100.1"},    // through two trusted proxies
		{"127.0.0.1:5000", "198.51.100.1, garbage", "127.0.0.1"},
		{"[::1]:5000", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"[2001:db8:a:b:c:d:e:f]:5000", "", "2001:db8:a:b::/64"},
		{"[::ffff:192.0.2.7]:5000", "", "192.0.2.7"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/s/x", nil)
		r.RemoteAddr = tt.remote
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := clientKey(r, trusted); got != tt.want {
			t.Errorf("clientKey(%s, XFF %q) = %s, want %s", tt.remote, tt.xff, got, tt.want)
		}
	}
	if _, err := ParseTrustedProxies("127.0.0.1,proxy.example"); err == nil || !strings.Contains(err.Error(), "不是 IP 地址或网段") {
		t.Errorf("ParseTrustedProxies(name) = %v", err)
	}
	if p, err := ParseTrustedProxies(""); err != nil || p != nil {
		t.Errorf("ParseTrustedProxies(\"\") = %v, %v", p, err)
	}
}

func TestCodeLockout(t *testing.T) {
	l := newCodeLockout(3, 15*time.Minute)
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for i := range 2 {
		l.fail("A", now)
		if l.locked("A", now) != 0 {
			t.Fatalf("locked after %d wrong codes", i+1)
		}
	}
	l.succeed("A") // the holder got in: counting starts again
	for range 2 {
		l.fail("A", now)
	}
	if l.locked("A", now) != 0 {
		t.Fatal("a success did not reset the count")
	}
	l.fail("A", now)
	if got := l.locked("A", now.Add(time.Minute)); got != 14*time.Minute {
		t.Fatalf("locked for %v, want 14m", got)
	}
	if l.locked("B", now) != 0 || l.locked("", now) != 0 {
		t.Fatal("other numbers locked")
	}
	if l.locked("A", now.Add(15*time.Minute)) != 0 {
		t.Fatal("still locked after the lock time")
	}
	l.fail("A", now.Add(16*time.Minute))
	if l.locked("A", now.Add(16*time.Minute)) != 0 {
		t.Fatal("one wrong code after a lock locks again")
	}
}
