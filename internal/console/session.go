package console

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"gongkai/internal/accounts"
	"gongkai/internal/domain"
	"gongkai/internal/httpserve"
)

// Cookie names: the session, and the login form's own CSRF token (a
// double-submit cookie, since there is no session yet).
const (
	sessionCookie = "gk_session"
	loginCookie   = "gk_login"
)

// maxForm is the largest form body a page accepts.
const maxForm = 1 << 20

// call is one request by a logged-in account.
type call struct {
	sess *accounts.Session
}

func (c *call) me() *accounts.Account { return c.sess.Account }

// login is the account's login, as the audit log names it.
func (c *call) login() string { return c.sess.Account.Login }

// allow says which accounts may use a route.
type allow func(*accounts.Account) bool

func anyone(*accounts.Account) bool { return true }

func roles(rs ...accounts.Role) allow {
	return func(a *accounts.Account) bool {
		for _, r := range rs {
			if a.Role == r {
				return true
			}
		}
		return false
	}
}

// handle registers a page that needs a session: without one the browser
// goes to the login page; a POST without the session's CSRF token gets
// 403; an account whose password was reset goes to /password first; an
// account the route does not allow gets 403.
func (s *Server) handle(pattern string, ok allow, h func(http.ResponseWriter, *http.Request, *call), maxBody int64) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		ck, _ := r.Cookie(sessionCookie)
		var token string
		if ck != nil {
			token = ck.Value
		}
		sess, err := s.acc.Session(r.Context(), token)
		if errors.Is(err, accounts.ErrNoSession) {
			s.toLogin(w, r, token != "")
			return
		} else if err != nil {
			s.fail(w, r, nil, err)
			return
		}
		c := &call{sess: sess}
		httpserve.SetWho(w, sess.Account.Login)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			if !sameToken(r.PostFormValue("csrf"), sess.CSRF) {
				s.refuseCSRF(w, r, c)
				return
			}
		}
		if sess.Account.MustChange && r.URL.Path != "/password" && r.URL.Path != "/logout" {
			http.Redirect(w, r, "/password", http.StatusSeeOther)
			return
		}
		if !ok(sess.Account) {
			s.fail(w, r, c, errForbidden)
			return
		}
		h(w, r, c)
	})
}

func sameToken(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// refuseCSRF answers a POST without the right token: 403, recorded, since
// it is either a stale page or another site trying to act as the user.
func (s *Server) refuseCSRF(w http.ResponseWriter, r *http.Request, c *call) {
	if err := s.acc.Record(r.Context(), c.login(), accounts.ActionCSRF, "缺少或错误的表单令牌；"+r.Method+" "+safePath(r.URL.Path)); err != nil {
		s.opt.Log.Error("record csrf refusal", "err", err)
	}
	s.render(w, r, c, http.StatusForbidden, "error", view{Title: "请求被拒绝",
		Error: "表单已失效或来源不明，操作未执行。请返回上一页刷新后重试。"})
}

// safePath keeps a request path fit for the audit log: short, and without
// a run of digits that could be a phone or ID number.
func safePath(p string) string {
	if len(p) > 80 {
		p = p[:80]
	}
	var b strings.Builder
	run := 0
	for _, r := range p {
		if r >= '0' && r <= '9' {
			run++
			if run > 10 {
				continue
			}
		} else {
			run = 0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// toLogin sends a request without a live session to the login page,
// coming back to the page asked for after logging in (GET only).
func (s *Server) toLogin(w http.ResponseWriter, r *http.Request, expired bool) {
	q := url.Values{}
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		q.Set("next", r.URL.RequestURI())
	}
	if expired {
		q.Set("expired", "1")
		s.clearCookie(w, r, sessionCookie)
	}
	target := "/login"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.overTLS(r)})
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.overTLS(r)})
}

func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b) // never fails (crypto/rand panics rather)
	return base64.RawURLEncoding.EncodeToString(b)
}

// safeNext keeps a post-login target on this site: a path, not a URL.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') || strings.HasPrefix(u.Path, "/login") {
		return "/"
	}
	return u.RequestURI()
}

type loginData struct {
	Next    string
	Login   string
	Expired bool
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.showLogin(w, r, http.StatusOK, loginData{Next: safeNext(q.Get("next")), Expired: q.Get("expired") == "1"}, "")
}

// showLogin renders the login form with the browser's double-submit
// token, making one if it has none. The token is kept, not renewed, so a
// second login page loading (another tab, a stray request sent here) does
// not invalidate the form on screen.
func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, d loginData, msg string) {
	token := ""
	if ck, err := r.Cookie(loginCookie); err == nil && len(ck.Value) == 32 {
		token = ck.Value
	} else {
		token = randomToken()
	}
	s.setCookie(w, r, loginCookie, token)
	s.render(w, r, nil, status, "login", view{Title: "登录", CSRF: token, Error: msg, Data: d})
}

func (s *Server) loginPost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	d := loginData{Next: safeNext(r.PostFormValue("next")), Login: strings.TrimSpace(r.PostFormValue("login"))}
	ck, _ := r.Cookie(loginCookie)
	if ck == nil || !sameToken(r.PostFormValue("csrf"), ck.Value) {
		s.showLogin(w, r, http.StatusForbidden, d, "登录页面已失效，请重新输入用户名和密码。")
		return
	}
	a, err := s.acc.Authenticate(r.Context(), d.Login, r.PostFormValue("password"))
	if err != nil {
		if domain.ErrorCode(err) != domain.EAUTH {
			s.opt.Log.Error("login", "err", err)
		}
		if statusOf(err) == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", databaseRetryAfter)
			s.showLogin(w, r, http.StatusServiceUnavailable, d, errDatabase.Message)
			return
		}
		s.showLogin(w, r, http.StatusUnauthorized, d, domain.ErrorMessage(err))
		return
	}
	sess, err := s.acc.NewSession(r.Context(), a)
	if err != nil {
		s.fail(w, r, nil, err)
		return
	}
	httpserve.SetWho(w, a.Login)
	s.clearCookie(w, r, loginCookie)
	s.setCookie(w, r, sessionCookie, sess.Token)
	if a.MustChange {
		redirect(w, r, "/password")
		return
	}
	redirect(w, r, d.Next)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, c *call) {
	if err := s.acc.EndSession(r.Context(), c.sess.Token); err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.clearCookie(w, r, sessionCookie)
	redirect(w, r, "/login?done=logout")
}
