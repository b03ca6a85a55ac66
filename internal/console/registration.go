package console

import (
	"net/http"
	"net/url"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/foi"
	"gongkai/internal/submission"
	"gongkai/internal/validate"
)

// newCaseData is the registration form of an application that came by
// post, in person, online or by fax.
type newCaseData struct {
	Form       url.Values
	Errs       validate.FieldErrors
	Channels   []channelOption
	Categories []string
	IDTypes    []string
	Media      []string
	Deliveries []string
	Today      string
}

type channelOption struct{ Name, Rule string }

func newCaseForm(form url.Values, errs validate.FieldErrors, today calendar.Date) newCaseData {
	var chans []channelOption
	for _, ch := range foi.Channels {
		if ch != foi.ChannelKiosk {
			chans = append(chans, channelOption{Name: ch, Rule: foi.ReceiptRule(ch)})
		}
	}
	if form == nil {
		form = url.Values{"channel": {foi.ChannelPost}, "applicant.category": {domain.CategoryPerson},
			"applicant.id_type": {submission.IDTypeResident}}
	}
	return newCaseData{Form: form, Errs: errs, Channels: chans, Categories: domain.ApplicantCategories,
		IDTypes: submission.IDTypes, Media: submission.Media, Deliveries: submission.Deliveries, Today: today.String()}
}

// Err is the message for one field, "" when it is fine.
func (d newCaseData) Err(field string) string {
	if e := d.Errs[field]; e != nil {
		return e.Message
	}
	return ""
}

// Has reports whether a multi-valued field holds v (checkboxes).
func (d newCaseData) Has(field, v string) bool { return contains(d.Form[field], v) }

func (s *Server) newCasePage(w http.ResponseWriter, r *http.Request, c *call) {
	s.newCaseFormPage(w, r, c, http.StatusOK, form{}, "")
}

// newCaseFormPage renders the registration form, empty or as typed.
func (s *Server) newCaseFormPage(w http.ResponseWriter, r *http.Request, c *call, status int, f form, msg string) {
	s.render(w, r, c, status, "newcase", view{Title: "登记申请", Error: msg,
		Data: newCaseForm(f.Values, f.Errs, calendar.Today(s.opt.Now()))})
}

func (s *Server) newCasePost(w http.ResponseWriter, r *http.Request, c *call) {
	r.ParseForm()
	f := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	reg := foi.Registration{Channel: f("channel"), Note: f("note"),
		Applicant: foi.Applicant{Category: f("applicant.category"), Name: f("applicant.name"),
			IDType: f("applicant.id_type"), IDNumber: f("applicant.id_number"), CreditCode: f("applicant.credit_code"),
			LegalRep: f("applicant.legal_rep"), ContactName: f("applicant.contact_name"), Phone: f("applicant.phone"),
			Address: f("applicant.address"), PostalCode: f("applicant.postal_code"), Email: f("applicant.email")},
		Request: foi.Request{InfoName: f("request.info_name"), DocNo: f("request.doc_no"), Description: f("request.description"),
			Media: r.PostForm["request.media"], Delivery: r.PostForm["request.delivery"], FeeWaiver: f("request.fee_waiver") == "1"}}
	if reg.Applicant.Category != domain.CategoryPerson {
		reg.Applicant.IDType, reg.Applicant.IDNumber = "", ""
	} else {
		reg.Applicant.CreditCode, reg.Applicant.LegalRep = "", ""
	}
	errs := validate.FieldErrors{}
	for _, k := range []string{"received", "postmarked"} {
		if v := f(k); v != "" {
			d, err := calendar.Parse(v)
			if err != nil {
				errs.Add(k, domain.Errorf(domain.EINVALID, "日期格式应为 年-月-日，如 2026-03-02"))
			} else if k == "received" {
				reg.Received = d
			} else {
				reg.Postmarked = d
			}
		}
	}
	err, id := errs.Err(), ""
	if err == nil {
		var fc *foi.Case
		if fc, err = s.opt.Cases.Register(r.Context(), c.actor(), reg); err == nil {
			id = fc.ID
		}
	}
	s.saved(w, r, c, err, "/cases/"+url.PathEscape(id)+"?done=registered", s.newCaseFormPage)
}
