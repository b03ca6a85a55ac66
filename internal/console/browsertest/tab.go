package browsertest

import (
	"context"
	"encoding/base64"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Tab is the browser's one tab, with the steps a console test takes; each
// fails the test when the browser cannot do it.
type Tab struct {
	T   testing.TB
	Ctx context.Context

	mu      sync.Mutex
	dialogs []string // messages of the dialogs answered so far
}

// Dialogs returns the messages of the confirm and alert dialogs the pages
// showed (each answered 确定).
func (b *Tab) Dialogs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.dialogs...)
}

// Go opens url and returns the response of the page it ends on (after
// redirects).
func (b *Tab) Go(url string) *network.Response {
	b.T.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, StepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(url))
	if err != nil {
		b.T.Fatalf("open %s: %v", url, err)
	}
	return resp
}

// Read runs a in the tab and returns what it reads, failing the test
// with what it was reading when the browser cannot.
func Read[T any](b *Tab, what string, a chromedp.Action[T]) T {
	b.T.Helper()
	v, err := chromedp.Run(b.Ctx, a)
	if err != nil {
		b.T.Fatalf("%s: %v", what, err)
	}
	return v
}

// Text returns the visible text of the first element matching the CSS
// selector sel, waiting for it to appear.
func (b *Tab) Text(sel string) string {
	b.T.Helper()
	return Read(b, "text of "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// Value returns the value of the form field matching sel.
func (b *Tab) Value(sel string) string {
	b.T.Helper()
	return Read(b, "value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

// Has reports whether an element matches sel now, without waiting.
func (b *Tab) Has(sel string) bool {
	b.T.Helper()
	return Read(b, "query "+sel, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`)) > 0
}

// FitsWidth fails the test when the page shown is wider than the window
// (Width): a table or form that makes the page scroll sideways at the
// smallest office screen.
func (b *Tab) FitsWidth() {
	b.T.Helper()
	if w := Read(b, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > Width {
		b.T.Errorf("%s is %d px wide in a %d px window", b.Location(), w, Width)
	}
}

// Location returns the address of the page shown.
func (b *Tab) Location() string {
	b.T.Helper()
	return Read(b, "location", chromedp.Location())
}

// Fill sets form fields by CSS selector (an input, a textarea or a
// select's value).
func (b *Tab) Fill(fields map[string]string) {
	b.T.Helper()
	for sel, v := range fields {
		if err := chromedp.Do(b.Ctx, chromedp.SetValue(chromedp.CSS(sel), v)); err != nil {
			b.T.Fatalf("fill %s: %v", sel, err)
		}
	}
}

// StepTimeout bounds one navigation: a click that leads nowhere (a form
// the browser's own validation stops) fails the test instead of waiting.
const StepTimeout = 30 * time.Second

// Click clicks the element and waits for the page the click leads to.
func (b *Tab) Click(sel string) *network.Response {
	b.T.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, StepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.T.Fatalf("click %s: %v", sel, err)
	}
	return resp
}

// Login fills and sends the console's login form at base.
func (b *Tab) Login(base, login, pw string) *network.Response {
	b.T.Helper()
	b.Go(base + "/login")
	b.Fill(map[string]string{"#login": login, "#password": pw})
	return b.Click("#login-submit")
}

// Logout clicks 退出 in the header.
func (b *Tab) Logout() {
	b.T.Helper()
	b.Click("#logout")
}

// Fetch downloads path with the page's session (fetch from the page, so
// the cookies and the same-origin rules are the browser's) and returns
// the status and body.
func (b *Tab) Fetch(path string) (int, []byte) {
	b.T.Helper()
	type result struct {
		Status int    `json:"status"`
		Body   string `json:"body"`
	}
	js := `fetch(` + jsString(path) + `, {credentials: "same-origin"}).then(async r => {
		const buf = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (let i = 0; i < buf.length; i += 8192) s += String.fromCharCode(...buf.subarray(i, i + 8192));
		return {status: r.status, body: btoa(s)};
	})`
	res := Read(b, "fetch "+path, chromedp.Evaluate[result](js, chromedp.EvalAwaitPromise))
	body, err := base64.StdEncoding.DecodeString(res.Body)
	if err != nil {
		b.T.Fatal(err)
	}
	return res.Status, body
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	var b []byte
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			b = append(b, []byte(`\u`+hex4(r))...)
		default:
			b = append(b, string(r)...)
		}
	}
	return string(append(b, '"'))
}

func hex4(r rune) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[r>>12&15], digits[r>>8&15], digits[r>>4&15], digits[r&15]})
}
