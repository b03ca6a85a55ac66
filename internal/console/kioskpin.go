package console

import (
	"context"
	"fmt"
	"net/http"

	"gongkai/internal/domain"
	"gongkai/internal/password"
)

// pinRule is what the kiosk PIN forms tell and let the browser check.
type pinRule struct{ Min, Max int }

var thePINRule = pinRule{Min: password.MinPINLen, Max: password.MaxPINLen}

// Pattern is the rule as an input's pattern attribute.
func (p pinRule) Pattern() string { return fmt.Sprintf("[0-9]{%d,%d}", p.Min, p.Max) }

// published sends the kiosks' staff list after an account change and
// returns the flash key to show: done, or "unpublished" when the list
// could not be written (the change itself is saved; `hub serve` publishes
// again within a minute).
func (s *Server) published(r *http.Request, done string) string {
	if s.opt.PublishStaff == nil {
		return done
	}
	if err := s.opt.PublishStaff(context.WithoutCancel(r.Context())); err != nil {
		s.opt.Log.Error("publish kiosk staff", "err", err)
		return "unpublished"
	}
	return done
}

// kioskPINPage is a 前台 account's own kiosk PIN: its 工号 and when the PIN
// was set, and the form to set a new one.
func (s *Server) kioskPINPage(w http.ResponseWriter, r *http.Request, c *call) {
	s.render(w, r, c, http.StatusOK, "kioskpin", view{Title: "终端密码", Data: thePINRule})
}

// kioskPINPost sets the account's own kiosk PIN, checked with its console
// password.
func (s *Server) kioskPINPost(w http.ResponseWriter, r *http.Request, c *call) {
	pin := r.PostFormValue("pin")
	var err error
	if pin != r.PostFormValue("again") {
		err = domain.Errorf(domain.EINVALID, "两次输入的终端密码不一致")
	} else {
		err = s.acc.SetOwnKioskPIN(r.Context(), c.login(), r.PostFormValue("current"), pin)
	}
	if err != nil {
		s.formError(w, r, c, err, "kioskpin", view{Title: "终端密码", Data: thePINRule})
		return
	}
	redirect(w, r, "/kiosk-pin?done="+s.published(r, "kiosk-pin"))
}
