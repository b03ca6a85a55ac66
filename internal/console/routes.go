package console

import (
	"cmp"
	"embed"
	"net/http"
	"strings"

	"gongkai/internal/accounts"
	"gongkai/internal/foi"
)

//go:embed static
var staticFS embed.FS

// route is one page behind a session.
type route struct {
	pattern string
	ok      allow
	h       func(http.ResponseWriter, *http.Request, *call)
}

// bodyLimits are the routes that take more than a form: uploads.
var bodyLimits = map[string]int64{"POST /cases/{id}/files": foi.MaxFileBytes + maxForm, "POST /docs/{id}/files": maxUpload}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /login", s.loginPage)
	s.mux.HandleFunc("POST /login", s.loginPost)
	s.mux.Handle("GET /static/", staticHandler())

	admin := roles(accounts.RoleAdmin)
	s.table = []route{
		{"POST /logout", anyone, s.logout},
		{"GET /{$}", anyone, s.home},
		{"GET /password", anyone, s.passwordPage},
		{"POST /password", anyone, s.passwordPost},
		{"GET /kiosk-pin", roles(accounts.RoleFrontDesk), s.kioskPINPage},
		{"POST /kiosk-pin", roles(accounts.RoleFrontDesk), s.kioskPINPost},

		{"GET /users", admin, s.usersPage},
		{"POST /users", admin, s.addUser},
		{"POST /depts", admin, s.addDept},
		{"GET /users/{login}", admin, s.userPage},
		{"POST /users/{login}/{action}", admin, s.userAction},

		{"GET /audit", roles(accounts.RoleAdmin, accounts.RoleReviewer), s.auditPage},
	}
	for _, part := range []struct {
		on     func(Options) bool
		routes func() []route
	}{
		{hasCases, s.caseRoutes}, {hasPublish, s.publishRoutes}, {hasInbox, s.consultationRoutes},
		{hasInbox, s.followUpRoutes}, {hasSeats, s.eventRoutes}, {hasKiosks, s.kioskRoutes},
	} {
		if part.on(s.opt) {
			s.table = append(s.table, part.routes()...)
		}
	}
	s.table = append(s.table, []route{

		// Everything else still needs a session (and a POST its token)
		// before it is told there is no such page.
		{"/", anyone, func(w http.ResponseWriter, r *http.Request, c *call) {
			s.render(w, r, c, http.StatusNotFound, "error", view{Title: "页面不存在", Error: "没有这个页面，请从上方菜单进入。"})
		}},
	}...)
	for _, rt := range s.table {
		s.handle(rt.pattern, rt.ok, rt.h, cmp.Or(bodyLimits[rt.pattern], maxForm))
	}
}

// hasCases reports whether the hub runs the case register.
func hasCases(o Options) bool { return o.Cases != nil }

func (s *Server) caseRoutes() []route {
	admin := roles(accounts.RoleAdmin)
	return []route{
		{"GET /cases", caseRoles, s.registerPage},
		{"GET /cases/export/csv", caseRoles, s.exportRegister("csv")},
		{"GET /cases/export/xlsx", caseRoles, s.exportRegister("xlsx")},
		{"POST /cases/import", deskRoles, s.importKiosk},
		{"GET /cases/new", deskRoles, s.newCasePage},
		{"POST /cases/new", deskRoles, s.newCasePost},
		{"GET /cases/{id}", caseRoles, s.casePage},
		{"POST /cases/{id}/act/{kind}", caseRoles, s.caseAction},
		{"GET /cases/{id}/applicant", caseRoles, s.applicantPage},
		{"GET /cases/{id}/letter", caseRoles, s.replyLetter},
		{"GET /cases/{id}/letters/{n}", caseRoles, s.letterPage},
		{"POST /cases/{id}/files", caseRoles, s.addFile},
		{"GET /cases/{id}/files/{file}", caseRoles, s.filePage},

		{"GET /report", caseRoles, s.reportPage},
		{"GET /report/export/csv", caseRoles, s.exportReport("csv")},
		{"GET /report/export/xlsx", caseRoles, s.exportReport("xlsx")},

		{"GET /templates", admin, s.templatesPage},
		{"GET /templates/{key}", admin, s.templatePage},
		{"POST /templates/{key}", admin, s.templatePost},
		{"GET /settings", admin, s.settingsPage},
		{"POST /settings", admin, s.settingsPost},
	}
}

// Patterns lists the pattern of every page that needs a session, for
// tests that walk them all.
func (s *Server) Patterns() []string {
	out := make([]string, len(s.table))
	for i, rt := range s.table {
		out[i] = rt.pattern
	}
	return out
}

// staticHandler serves the embedded stylesheet and script. They hold
// nothing personal, so browsers may keep them a while.
func staticHandler() http.Handler {
	files := http.FileServerFS(staticFS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=300")
		files.ServeHTTP(w, r)
	})
}

// menu is the console's navigation; each entry shows to the roles that
// may use it.
var menu = []struct {
	label, href string
	ok          allow
	needs       func(Options) bool // the service it needs wired; nil for none
}{
	{"工作台", "/", anyone, nil},
	{"台账", "/cases", caseRoles, hasCases},
	{"登记申请", "/cases/new", deskRoles, hasCases},
	{"年度报表", "/report", caseRoles, hasCases},
	{"公开文件", "/docs", staffRoles, hasPublish},
	{"意见征集", "/consultations", staffRoles, hasInbox},
	{"堵点与评价", "/feedback", staffRoles, hasInbox},
	{"活动", "/events", staffRoles, hasSeats},
	{"终端", "/kiosks", kioskRoles, hasKiosks},
	{"现场签到", "/checkin", roles(accounts.RoleFrontDesk), hasSeats},
	{"文书模板", "/templates", roles(accounts.RoleAdmin), hasCases},
	{"文书设置", "/settings", roles(accounts.RoleAdmin), hasCases},
	{"终端密码", "/kiosk-pin", roles(accounts.RoleFrontDesk), nil},
	{"账号管理", "/users", roles(accounts.RoleAdmin), nil},
	{"审计日志", "/audit", roles(accounts.RoleAdmin, accounts.RoleReviewer), nil},
}

func (s *Server) nav(a *accounts.Account, path string) []navItem {
	var out []navItem
	best, bestLen := -1, 0
	for _, m := range menu {
		if !m.ok(a) || (m.needs != nil && !m.needs(s.opt)) {
			continue
		}
		// The current entry is the longest one the path is under.
		if path == m.href || (m.href != "/" && strings.HasPrefix(path, m.href+"/")) {
			if len(m.href) > bestLen {
				best, bestLen = len(out), len(m.href)
			}
		}
		out = append(out, navItem{Label: m.label, Href: m.href})
	}
	if best >= 0 {
		out[best].Current = true
	}
	return out
}
