package console

import (
	"net/http"
	"net/url"
	"strings"

	"gongkai/internal/foi"
)

// templateRow is a letter template in the list.
type templateRow struct {
	foi.Template
	Name string
}

func (s *Server) templatesPage(w http.ResponseWriter, r *http.Request, c *call) {
	ts, err := s.opt.Cases.Templates(r.Context())
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	rows := make([]templateRow, len(ts))
	for i, t := range ts {
		rows[i] = templateRow{Template: t, Name: foi.TemplateName(t.Key)}
	}
	s.render(w, r, c, http.StatusOK, "templates", view{Title: "文书模板", Data: rows})
}

// templateData is the edit form of one template.
type templateData struct {
	T            foi.Template
	Name         string
	Required     []string
	Placeholders []foi.Placeholder
	Case         string // the case a preview is filled from
}

func (s *Server) templateView(r *http.Request, t foi.Template) view {
	return view{Title: "文书模板：" + foi.TemplateName(t.Key), Data: templateData{T: t, Name: foi.TemplateName(t.Key),
		Required: foi.RequiredPlaceholders(t.Key), Placeholders: foi.Placeholders, Case: r.PostFormValue("case")}}
}

func (s *Server) templatePage(w http.ResponseWriter, r *http.Request, c *call) {
	t, err := s.opt.Cases.Template(r.Context(), r.PathValue("key"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "template", s.templateView(r, t))
}

// templateForm is the template as typed into the form.
func templateForm(r *http.Request) foi.Template {
	return foi.Template{Key: r.PathValue("key"), Title: strings.TrimSpace(r.PostFormValue("title")),
		Body: strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n")}
}

// templatePost saves, previews (a draft PDF, nothing saved) or resets a
// template, by the button pressed.
func (s *Server) templatePost(w http.ResponseWriter, r *http.Request, c *call) {
	t := templateForm(r)
	var err error
	switch r.PostFormValue("do") {
	case "preview":
		var pdf []byte
		if pdf, err = s.opt.Cases.PreviewTemplate(r.Context(), c.actor(), t, strings.TrimSpace(r.PostFormValue("case"))); err == nil {
			sendFile(w, "预览-"+foi.TemplateName(t.Key)+".pdf", pdf)
			return
		}
	case "reset":
		if err = s.opt.Cases.ResetTemplate(r.Context(), c.actor(), t.Key); err == nil {
			redirect(w, r, "/templates/"+url.PathEscape(t.Key)+"?done=reset-template")
			return
		}
	default:
		if err = s.opt.Cases.SaveTemplate(r.Context(), c.actor(), t); err == nil {
			redirect(w, r, "/templates/"+url.PathEscape(t.Key)+"?done=saved")
			return
		}
	}
	v := s.templateView(r, t)
	s.formError(w, r, c, err, "template", v)
}

// settingsPage edits the agency's details that letters carry.
func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request, c *call) {
	set, err := s.opt.Cases.Settings(r.Context())
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "settings", view{Title: "文书设置", Data: set})
}

func (s *Server) settingsPost(w http.ResponseWriter, r *http.Request, c *call) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	set := foi.Settings{Agency: f("agency"), Address: f("address"), Phone: f("phone"), ReviewBody: f("review_body"),
		Court: f("court"), LetterPrefix: f("letter_prefix")}
	if err := s.opt.Cases.SaveSettings(r.Context(), c.actor(), set); err != nil {
		s.formError(w, r, c, err, "settings", view{Title: "文书设置", Data: set})
		return
	}
	redirect(w, r, "/settings?done=saved")
}
