package console

import (
	"net/http"

	"gongkai/internal/accounts"
	"gongkai/internal/domain"
)

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request, c *call) {
	s.render(w, r, c, http.StatusOK, "password", view{Title: "修改密码", Data: accounts.MinPasswordLen})
}

// passwordPost changes the account's own password; the other sessions of
// the account end, this one stays.
func (s *Server) passwordPost(w http.ResponseWriter, r *http.Request, c *call) {
	pw, again := r.PostFormValue("new"), r.PostFormValue("again")
	var err error
	if pw != again {
		err = domain.Errorf(domain.EINVALID, "两次输入的新密码不一致")
	} else {
		err = s.acc.ChangePassword(r.Context(), c.login(), r.PostFormValue("current"), pw, c.sess.Token)
	}
	if err != nil {
		if serverFault(err) {
			s.fail(w, r, c, err)
			return
		}
		s.render(w, r, c, statusOf(err), "password", view{Title: "修改密码", Error: domain.ErrorMessage(err), Data: accounts.MinPasswordLen})
		return
	}
	redirect(w, r, "/?done=password")
}
