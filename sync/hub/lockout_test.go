package hub

import (
	"net/http/httptest"
	"strings"
	"testing"
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
