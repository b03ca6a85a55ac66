package e2e

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"gongkai/internal/receipt"
	"gongkai/internal/tracking"
	"gongkai/sync/hub"
)

// from returns an HTTP client whose connections leave from the loopback
// address 127.0.0.last, so the hub sees a different client address.
func from(last int) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(last))}, Timeout: 5 * time.Second}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
}

// page fetches a status page URL with hc and extra headers.
func page(t *testing.T, hc *http.Client, url string, hdr map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestStatusPageLocksAGuessedNumber: 40 client addresses making 80 wrong
// guesses at one number's code get the number locked after 5, for 15
// minutes by the hub's clock; while locked even the right code gets the
// same "暂停查询" page, the same as for a number that does not exist, so
// the lock tells nothing; after it the holder gets in.
func TestStatusPageLocksAGuessedNumber(t *testing.T) {
	clk, th, k := startEnrolled(t)
	app := k.submit(application())
	k.exchange()
	right := receipt.StatusURL(th.URL, app.Tracking, app.VerificationCode)
	if code, body := page(t, from(200), right, nil); code != http.StatusOK || !strings.Contains(body, app.Tracking) {
		t.Fatalf("right code before any guess: %d", code)
	}

	n, _ := tracking.Parse(app.Tracking)
	ghost, _ := tracking.New(n.Kiosk, n.Day, n.Seq+70) // a number nobody was given
	wrong := []string{"AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD", "EEEEEE", "FFFFFF", "GGGGGG", "HHHHHH"}
	notFound, locked := 0, 0
	var lockPage string
	for i := range 80 {
		url := receipt.StatusURL(th.URL, app.Tracking, wrong[i%len(wrong)])
		switch code, body := page(t, from(2+i/2), url, nil); code {
		case http.StatusNotFound:
			notFound++
		case http.StatusTooManyRequests:
			locked++
			lockPage = body
		default:
			t.Fatalf("guess %d: status %d", i, code)
		}
	}
	if notFound != 5 || locked != 75 {
		t.Fatalf("80 wrong guesses from 40 addresses: %d answered 未找到, %d locked; want 5 and 75", notFound, locked)
	}
	if !strings.Contains(lockPage, "暂停查询") || !strings.Contains(lockPage, "请 15 分钟后再试") {
		t.Errorf("lock page:\n%s", lockPage)
	}
	// The right code, from an address that never guessed, is locked out too.
	if code, body := page(t, from(201), right, nil); code != http.StatusTooManyRequests || body != lockPage {
		t.Errorf("right code while locked: %d\n%s", code, body)
	}
	// A number that does not exist locks the same way, with the same page.
	for i := range 5 {
		page(t, from(100+i), receipt.StatusURL(th.URL, ghost, wrong[i]), nil)
	}
	if code, body := page(t, from(120), receipt.StatusURL(th.URL, ghost, "ZZZZZZ"), nil); code != http.StatusTooManyRequests || body != lockPage {
		t.Errorf("unknown number after 5 guesses: %d\n%s", code, body)
	}

	clk.Advance(14 * time.Minute)
	if code, body := page(t, from(202), right, nil); code != http.StatusTooManyRequests || !strings.Contains(body, "请 1 分钟后再试") {
		t.Errorf("right code a minute before the lock ends: %d\n%s", code, body)
	}
	clk.Advance(time.Minute)
	if code, body := page(t, from(203), right, nil); code != http.StatusOK || !strings.Contains(body, app.Tracking) {
		t.Errorf("right code after the lock: %d\n%s", code, body)
	}
}

// TestStatusPageClientAddress: the per-address limit counts the request's
// real peer; X-Forwarded-For is believed only from a configured trusted
// proxy, so a client cannot dodge the limit by inventing addresses, and
// clients behind the proxy do not share one budget.
func TestStatusPageClientAddress(t *testing.T) {
	clk := newClock()
	proxy := netip.MustParsePrefix("127.0.0.1/32")
	th := startHub(t, clk, hub.SubmissionOptions{PageBurst: 3, TrustedProxies: []netip.Prefix{proxy}})
	n, _ := tracking.Parse("0001-261201-0001-0")
	noCode := th.URL + "/s/" + n.Compact() // no code: not a guess, only the address limit applies

	// An untrusted peer rotating X-Forwarded-For is still one client.
	spoofer := from(9)
	for i := range 4 {
		code, _ := page(t, spoofer, noCode, map[string]string{"X-Forwarded-For": fmt.Sprintf("203.0.113.%d", i+1)})
		if want := map[bool]int{true: http.StatusNotFound, false: http.StatusTooManyRequests}[i < 3]; code != want {
			t.Errorf("untrusted peer, spoofed request %d: %d, want %d", i+1, code, want)
		}
	}

	// Behind the trusted proxy each client has its own budget.
	viaProxy := from(1)
	for i := range 4 {
		code, _ := page(t, viaProxy, noCode, map[string]string{"X-Forwarded-For": "198.51.100.7"})
		if want := map[bool]int{true: http.StatusNotFound, false: http.StatusTooManyRequests}[i < 3]; code != want {
			t.Errorf("client 198.51.100.7 via the proxy, request %d: %d, want %d", i+1, code, want)
		}
	}
	// A spoofed address further out does not help either: the proxy
	// appends the real client, and that is the one counted.
	if code, _ := page(t, viaProxy, noCode, map[string]string{"X-Forwarded-For": "192.0.2.1, 198.51.100.7"}); code != http.StatusTooManyRequests {
		t.Errorf("client 198.51.100.7 with a spoofed first hop: %d, want 429", code)
	}
	if code, _ := page(t, viaProxy, noCode, map[string]string{"X-Forwarded-For": "198.51.100.8"}); code != http.StatusNotFound {
		t.Errorf("another client via the proxy: %d, want 404", code)
	}
}
