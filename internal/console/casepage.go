package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/accounts"
	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/foi"
)

// caseData is the case page: the case, and a form for each action the
// rules allow this account now.
type caseData struct {
	C        *foi.Case
	Actions  []string
	Outcomes []outcomeOption
	Depts    []string
	Handlers []*accounts.Account
	Methods  []string
	Today    string
	// Form and FormKind re-show the form that was refused, as typed.
	Form     url.Values
	FormKind string
	Desk     bool // may register and see the applicant view
	Files    []foi.File
}

type outcomeOption struct{ Code, Ref, Label string }

func outcomeOptions() []outcomeOption {
	out := make([]outcomeOption, len(domain.Outcomes))
	for i, o := range domain.Outcomes {
		out[i] = outcomeOption{Code: o.Code, Ref: domain.OutcomeRef(o.Code), Label: o.Label}
	}
	return out
}

// caseView builds the case page of id for c, or the error to show.
func (s *Server) caseView(r *http.Request, c *call, id string) (view, error) {
	ctx := r.Context()
	fc, err := s.opt.Cases.Get(ctx, c.actor(), id)
	if err != nil {
		return view{}, err
	}
	d := caseData{C: fc, Outcomes: outcomeOptions(), Methods: foi.DeliveryMethods,
		Today: calendar.Today(s.opt.Now()).String(), Desk: deskRoles(c.me()) || c.me().Role == accounts.RoleReviewer}
	if fc.Stage != foi.StageArchived {
		cal, err := s.opt.Calendar(ctx)
		if err != nil {
			return view{}, err
		}
		env := foi.Env{Cal: cal, Now: s.opt.Now()}
		for _, k := range foi.ActionKinds {
			if foi.Allowed(fc, c.actor(), k, env) == nil {
				d.Actions = append(d.Actions, k)
			}
		}
	}
	if d.Files, err = s.opt.Cases.Files(ctx, c.actor(), fc.ID); err != nil {
		return view{}, err
	}
	if d.Depts, err = s.acc.Depts(ctx); err != nil {
		return view{}, err
	}
	if d.Handlers, err = s.acc.Handlers(ctx, ""); err != nil {
		return view{}, err
	}
	title := "案件 " + fc.ID
	if fc.Tracking != "" {
		title += "（" + fc.Tracking + "）"
	}
	return view{Title: title, Data: d}, nil
}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request, c *call) {
	v, err := s.caseView(r, c, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "case", v)
}

// caseAction applies one action from the case page's forms. The service
// checks it against the rules, whoever sends it; a refusal re-shows the
// page with the message and the form as typed.
func (s *Server) caseAction(w http.ResponseWriter, r *http.Request, c *call) {
	id, kind := r.PathValue("id"), r.PathValue("kind")
	act, err := s.parseAction(r, kind)
	if err == nil {
		_, err = s.opt.Cases.Do(r.Context(), c.actor(), id, act)
	}
	if err != nil {
		v, verr := s.caseView(r, c, id)
		if verr != nil {
			s.fail(w, r, c, verr)
			return
		}
		s.refused(w, r, c, err, func(status int, msg string) {
			d := v.Data.(caseData)
			d.Form, d.FormKind = r.PostForm, kind
			v.Data, v.Error = d, foi.ActionLabel(kind)+"未完成："+msg
			s.render(w, r, c, status, "case", v)
		})
		return
	}
	redirect(w, r, "/cases/"+url.PathEscape(id)+"?done=act#top")
}

// parseAction reads an action's form. Fields a kind does not use are
// ignored by the service.
func (s *Server) parseAction(r *http.Request, kind string) (foi.Action, error) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	act := foi.Action{Kind: kind, Note: f("note"), Dept: f("dept"), Handler: f("handler"), Unclear: f("unclear"),
		Party: f("party"), Reason: f("reason"), Method: f("method")}
	act.Version, _ = strconv.Atoi(f("version"))
	if v := f("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return act, domain.Errorf(domain.EINVALID, "天数须为整数")
		}
		act.Days = n
	}
	if v := f("date"); v != "" {
		d, err := calendar.Parse(v)
		if err != nil {
			return act, domain.Errorf(domain.EINVALID, "日期格式应为 年-月-日，如 2026-03-02")
		}
		act.Date = d
	}
	if act.Handler != "" {
		h, err := s.acc.Get(r.Context(), act.Handler)
		if err != nil || h.Role != accounts.RoleHandler || h.Disabled {
			return act, domain.Errorf(domain.EINVALID, "请选择一位在岗的承办人")
		}
		act.HandlerName = h.Name
		if act.Dept == "" {
			act.Dept = h.Dept
		}
	}
	switch kind {
	case foi.ActCorrected:
		if info, desc := f("info_name"), f("description"); info != "" || desc != "" {
			act.Request = &foi.Request{InfoName: info, DocNo: f("doc_no"), Description: desc}
		}
	case foi.ActDraft:
		act.Reply = &foi.Reply{Outcome: f("outcome"), Decision: f("decision"), Basis: f("basis"), Obtain: f("obtain"),
			ReferAgency: f("refer_agency"), ReferContact: f("refer_contact"), EarlierCase: f("earlier_case")}
		if act.Reply.ReferAgency != "" {
			act.Reply.Template = foi.TemplateRefer
		}
	}
	return act, nil
}

// Val is what was typed into field of the refused form of kind, "" for
// every other form.
func (d caseData) Val(kind, field string) string {
	if kind != d.FormKind {
		return ""
	}
	return d.Form.Get(field)
}

// Label is an action kind in Chinese.
func (caseData) Label(kind string) string { return foi.ActionLabel(kind) }

// OutcomeText is an outcome code as the annual table and letters name it.
func (caseData) OutcomeText(code string) string {
	if code == "" {
		return ""
	}
	return domain.OutcomeRef(code) + " " + domain.OutcomeLabel(code)
}
