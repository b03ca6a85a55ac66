package browsertest

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Form is a browser without a browser, for tests that need no page
// rendered: an HTTP client that keeps the session cookie, sends each form
// with the CSRF token of the last page it read that had one, and does not
// follow redirects, so a test sees each answer.
type Form struct {
	T    testing.TB
	Base string // the console's URL
	CSRF string // the token of the last page that had one

	Client *http.Client // its Transport may be swapped, e.g. for a TLS test server's
}

// NewForm returns a Form for the console at base.
func NewForm(t testing.TB, base string) *Form {
	jar, _ := cookiejar.New(nil)
	return &Form{T: t, Base: base, Client: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// Answer is one response, its body read.
type Answer struct {
	Status int
	Header http.Header
	Body   string
}

// Location is where a redirect points.
func (a Answer) Location() string { return a.Header.Get("Location") }

// Do sends req, keeping the CSRF token the answer holds.
func (f *Form) Do(req *http.Request) Answer {
	f.T.Helper()
	resp, err := f.Client.Do(req)
	if err != nil {
		f.T.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if m := csrfField.FindSubmatch(body); m != nil {
		f.CSRF = string(m[1])
	}
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: string(body)}
}

// Get reads path.
func (f *Form) Get(path string) Answer {
	f.T.Helper()
	req, _ := http.NewRequest("GET", f.Base+path, nil)
	return f.Do(req)
}

// Post sends form to path with the CSRF token, unless form sets csrf
// itself ("" to leave it out).
func (f *Form) Post(path string, form url.Values) Answer {
	f.T.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, set := form["csrf"]; !set {
		form.Set("csrf", f.CSRF)
	} else if form.Get("csrf") == "" {
		form.Del("csrf")
	}
	req, _ := http.NewRequest("POST", f.Base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return f.Do(req)
}

// Login logs in through the login form, failing the test if it does not
// work, and reads the home page for the session's CSRF token.
func (f *Form) Login(login, pw string) {
	f.T.Helper()
	f.Get("/login")
	if a := f.Post("/login", url.Values{"login": {login}, "password": {pw}}); a.Status != http.StatusSeeOther {
		f.T.Fatalf("login %s: status %d\n%s", login, a.Status, a.Body)
	}
	f.Get("/")
}

// Cookie returns the cookie name the client holds for the console.
func (f *Form) Cookie(name string) *http.Cookie {
	u, _ := url.Parse(f.Base)
	for _, c := range f.Client.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}
