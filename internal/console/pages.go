package console

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/domain"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds one template set per page, each the layout plus the page.
type pages struct {
	set map[string]*template.Template
}

func parsePages(loc *time.Location) (*pages, error) {
	funcs := template.FuncMap{
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.In(loc).Format("2006-01-02 15:04")
		},
		"seconds": func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04:05") },
		"has":     func(list []string, v string) bool { return contains(list, v) },
		"neg":     func(n int) int { return -n },
		"inc":     func(n int) int { return n + 1 },
		"kb": func(n int) string {
			if n < 1024 {
				return fmt.Sprintf("%d 字节", n)
			}
			return fmt.Sprintf("%.0f KB", float64(n)/1024)
		},
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{set: map[string]*template.Template{}}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		p.set[name] = t
	}
	return p, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// view is what every page template gets.
type view struct {
	Title  string
	Agency string
	Me     *accounts.Account // nil on the login page
	CSRF   string
	Nav    []navItem
	Flash  string // a fixed message after a successful POST
	Error  string // domain.ErrorMessage of what went wrong
	Data   any
}

type navItem struct {
	Label, Href string
	Current     bool
}

// render writes page name with status. Pages with a session are never
// stored by the browser or a proxy: they may show personal data.
func (s *Server) render(w http.ResponseWriter, r *http.Request, c *call, status int, name string, v view) {
	t := s.pages.set[name]
	if t == nil {
		panic("console: no template " + name)
	}
	v.Agency = s.opt.Agency
	if c != nil {
		v.Me, v.CSRF, v.Nav = c.sess.Account, c.sess.CSRF, s.nav(c.sess.Account, r.URL.Path)
	}
	if v.Flash == "" {
		v.Flash = flashes[r.URL.Query().Get("done")]
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", v); err != nil {
		s.opt.Log.Error("render", "page", name, "err", err)
		http.Error(w, "页面生成失败", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// flashes are the messages a redirect after a POST may ask for with
// ?done=KEY: fixed texts, so nothing from the URL is echoed.
var flashes = map[string]string{
	"logout":   "您已安全退出。",
	"password": "密码已修改。",
	"added":    "账号已创建。",
	"saved":    "已保存。",
	"unlocked": "账号已解锁。",
	"reset":    "密码已重置，该账号下次登录时须修改密码。",
	"disabled": "账号已停用。",
	"enabled":  "账号已启用。",
	"dept":     "科室已添加。",

	"kiosk-pin":         "终端密码已设置，各终端下次同步后生效。",
	"kiosk-pin-cleared": "终端密码已清除，各终端下次同步后该工号无法登录。",
	"unpublished":       "已保存，但暂未能通知各终端；系统将在一分钟内自动重试，终端同步后生效。",

	"imported":   "已导入终端提交的新申请。",
	"imported0":  "没有需要导入的终端申请。",
	"registered": "申请已登记。",
	"act":        "已完成。",

	"reset-template": "已恢复默认模板。",
	"file":           "附件已保存。",
}

// errForbidden is what a page the role may not see answers.
var errForbidden = &domain.Error{Code: domain.EFORBIDDEN, Message: "您的账号无权查看此页面或进行此操作。"}

// errNoPage is what an unknown page or file answers.
var errNoPage = &domain.Error{Code: domain.ENOTFOUND, Message: "没有这个页面，请从上方菜单进入。"}

// fail shows err as a page: its domain message and a status by its code.
// Anything but a *domain.Error is logged and shown as a generic message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, c *call, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.opt.Log.Error("console request", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.render(w, r, c, status, "error", view{Title: "无法完成", Error: message(err)})
}

func statusOf(err error) int {
	if fieldErrors(err) != nil {
		return http.StatusBadRequest
	}
	switch domain.ErrorCode(err) {
	case domain.EINVALID:
		return http.StatusBadRequest
	case domain.ENOTFOUND:
		return http.StatusNotFound
	case domain.ECONFLICT:
		return http.StatusConflict
	case domain.EAUTH:
		return http.StatusUnauthorized
	case domain.EFORBIDDEN:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// redirect answers a POST with 303 to target.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// refused shows a page again (by again) with what the service refused and
// the status of its code; a failure of the hub's own is the error page.
func (s *Server) refused(w http.ResponseWriter, r *http.Request, c *call, err error, again func(status int, msg string)) {
	if statusOf(err) == http.StatusInternalServerError {
		s.fail(w, r, c, err)
		return
	}
	again(statusOf(err), message(err))
}

// formPage renders a page with its form: as typed when sent back, with a
// status and a message.
type formPage func(w http.ResponseWriter, r *http.Request, c *call, status int, f form, msg string)

// saved ends a form's POST: on to target when the service took it (err
// nil), else the form again as typed with each refused field's message.
func (s *Server) saved(w http.ResponseWriter, r *http.Request, c *call, err error, target string, again formPage) {
	if err == nil {
		redirect(w, r, target)
		return
	}
	s.refused(w, r, c, err, func(status int, msg string) {
		again(w, r, c, status, form{Values: r.PostForm, Errs: fieldErrors(err)}, msg)
	})
}
