package console

import (
	"net/http"
	"net/url"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/domain"
)

// usersData is the account list and the add form.
type usersData struct {
	Accounts []*accounts.Account
	Depts    []string
	Roles    []accounts.Role
	Now      time.Time
	Form     accounts.NewAccount // the add form as typed, after an error
	MinLen   int
}

func (s *Server) usersData(r *http.Request) (usersData, error) {
	list, err := s.acc.List(r.Context())
	if err != nil {
		return usersData{}, err
	}
	depts, err := s.acc.Depts(r.Context())
	if err != nil {
		return usersData{}, err
	}
	return usersData{Accounts: list, Depts: depts, Roles: accounts.Roles, Now: s.opt.Now(), MinLen: accounts.MinPasswordLen}, nil
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, c *call) {
	d, err := s.usersData(r)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "users", view{Title: "账号管理", Data: d})
}

// formError re-shows a form page with the error's message, or fails the
// request when the error is not the user's to fix.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, c *call, err error, page string, v view) {
	s.refused(w, r, c, err, func(status int, msg string) {
		v.Error = msg
		s.render(w, r, c, status, page, v)
	})
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request, c *call) {
	n := accounts.NewAccount{Login: r.PostFormValue("login"), Name: r.PostFormValue("name"),
		Role: accounts.Role(r.PostFormValue("role")), Dept: r.PostFormValue("dept"), Password: r.PostFormValue("password")}
	var err error
	if n.Password != r.PostFormValue("again") {
		err = domain.Errorf(domain.EINVALID, "两次输入的密码不一致")
	} else {
		_, err = s.acc.Add(r.Context(), c.login(), n)
	}
	if err != nil {
		d, derr := s.usersData(r)
		if derr != nil {
			s.fail(w, r, c, derr)
			return
		}
		n.Password = ""
		d.Form = n
		s.formError(w, r, c, err, "users", view{Title: "账号管理", Data: d})
		return
	}
	redirect(w, r, "/users?done=added")
}

func (s *Server) addDept(w http.ResponseWriter, r *http.Request, c *call) {
	if err := s.acc.AddDept(r.Context(), c.login(), r.PostFormValue("name")); err != nil {
		d, derr := s.usersData(r)
		if derr != nil {
			s.fail(w, r, c, derr)
			return
		}
		s.formError(w, r, c, err, "users", view{Title: "账号管理", Data: d})
		return
	}
	redirect(w, r, "/users?done=dept")
}

// userData is one account's page.
type userData struct {
	A      *accounts.Account
	Depts  []string
	Roles  []accounts.Role
	Now    time.Time
	MinLen int
	PIN    pinRule // a 前台 account's kiosk PIN
}

func (s *Server) userView(r *http.Request, login string) (view, error) {
	a, err := s.acc.Get(r.Context(), login)
	if err != nil {
		return view{}, err
	}
	depts, err := s.acc.Depts(r.Context())
	if err != nil {
		return view{}, err
	}
	return view{Title: "账号 " + a.Login, Data: userData{A: a, Depts: depts, Roles: accounts.Roles, Now: s.opt.Now(),
		MinLen: accounts.MinPasswordLen, PIN: thePINRule}}, nil
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request, c *call) {
	v, err := s.userView(r, r.PathValue("login"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "user", v)
}

// userAction is every change to one account: role, name, unlock,
// reset-password, disable, enable, and a 前台 account's kiosk-pin and
// clear-kiosk-pin. The kiosks' staff list is published after each.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request, c *call) {
	ctx, login, by := r.Context(), r.PathValue("login"), c.login()
	var err error
	var done string
	switch r.PathValue("action") {
	case "role":
		err, done = s.acc.SetRole(ctx, by, login, accounts.Role(r.PostFormValue("role")), r.PostFormValue("dept")), "saved"
	case "name":
		err, done = s.acc.SetName(ctx, by, login, r.PostFormValue("name")), "saved"
	case "unlock":
		err, done = s.acc.Unlock(ctx, by, login), "unlocked"
	case "reset-password":
		if pw := r.PostFormValue("password"); pw != r.PostFormValue("again") {
			err = domain.Errorf(domain.EINVALID, "两次输入的密码不一致")
		} else {
			err, done = s.acc.ResetPassword(ctx, by, login, pw), "reset"
		}
	case "disable":
		if login == by {
			err = domain.Errorf(domain.EINVALID, "不能停用自己正在使用的账号")
		} else {
			err, done = s.acc.SetDisabled(ctx, by, login, true), "disabled"
		}
	case "enable":
		err, done = s.acc.SetDisabled(ctx, by, login, false), "enabled"
	case "kiosk-pin":
		if pin := r.PostFormValue("pin"); pin != r.PostFormValue("again") {
			err = domain.Errorf(domain.EINVALID, "两次输入的终端密码不一致")
		} else {
			err, done = s.acc.SetKioskPIN(ctx, by, login, r.PostFormValue("staff_no"), pin), "kiosk-pin"
		}
	case "clear-kiosk-pin":
		err, done = s.acc.ClearKioskPIN(ctx, by, login), "kiosk-pin-cleared"
	default:
		err = &domain.Error{Code: domain.ENOTFOUND, Message: "没有这个操作"}
	}
	if err != nil {
		v, verr := s.userView(r, login)
		if verr != nil {
			s.fail(w, r, c, verr)
			return
		}
		s.formError(w, r, c, err, "user", v)
		return
	}
	redirect(w, r, "/users/"+url.PathEscape(login)+"?done="+s.published(r, done))
}
