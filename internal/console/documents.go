package console

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/catalog"
	"gongkai/internal/domain"
	"gongkai/internal/publish"
)

// Pages of the publishing desk (internal/publish): the document list, a
// document's form with its attachments, the kiosk preview and the 三同步
// list. What a role may do is decided by the service.

// ActionAttachment is the audit log's word for an attachment opened in
// the console.
const ActionAttachment accounts.Action = "查看公开文件附件"

// staffRoles may open the publishing pages: everyone but 前台.
var staffRoles = caseRoles

// publisher is the account as the publishing desk knows it.
func (c *call) publisher() publish.Actor {
	a := c.me()
	return publish.Actor{Login: a.Login, Name: a.Name, Role: string(a.Role)}
}

// canPublish mirrors the service's rule for showing the buttons; the
// service decides.
func canPublish(a *accounts.Account) bool {
	return a.Role == accounts.RoleReviewer || a.Role == accounts.RoleAdmin
}

// publishList is a list page of the publishing desk: its rows, and
// whether the account sees the button that makes a new one.
type publishList[T any] struct {
	Rows       []T
	CanPublish bool
}

// listPage renders the list that load returns as page.
func listPage[T any](s *Server, w http.ResponseWriter, r *http.Request, c *call, page, title string, load func(context.Context) ([]T, error)) {
	rows, err := load(r.Context())
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, page, view{Title: title, Data: publishList[T]{rows, canPublish(c.me())}})
}

// maxUpload is the body an attachment upload may send.
const maxUpload = catalog.MaxAttachmentBytes + maxForm

func (s *Server) publishRoutes() []route {
	return append(editRoutes("/docs", s.documentsPage, s.newDocumentPage, s.documentPage, s.saveDocument), []route{
		{"GET /docs/readings", staffRoles, s.readingsPage},
		{"GET /docs/{id}/preview", staffRoles, s.previewPage},
		{"POST /docs/{id}/act/{act}", staffRoles, s.documentAction},
		{"POST /docs/{id}/files", staffRoles, s.uploadAttachment},
		{"GET /docs/{id}/files/{sha}", staffRoles, s.attachmentFile},
	}...)
}

// withCategories loads the item in the path, and the categories its form
// offers (a feedback document's).
func withCategories[T any](s *Server, r *http.Request, load func(context.Context, string) (T, error)) (T, []publish.Category, error) {
	v, err := load(r.Context(), r.PathValue("id"))
	if err != nil {
		return v, nil, err
	}
	cats, err := s.opt.Publish.Categories(r.Context())
	return v, cats, err
}

// editRoutes are the pages of what the publishing desk writes: the list
// at base, the form of a new one, the page of one by its id, and the form
// saved to either.
func editRoutes(base string, list, fresh, item, save func(http.ResponseWriter, *http.Request, *call)) []route {
	return []route{
		{"GET " + base, staffRoles, list},
		{"GET " + base + "/new", staffRoles, fresh},
		{"POST " + base + "/new", staffRoles, save},
		{"GET " + base + "/{id}", staffRoles, item},
		{"POST " + base + "/{id}", staffRoles, save},
	}
}

// hasPublish reports whether the hub runs the publishing desk.
func hasPublish(o Options) bool { return o.Publish != nil }

// hasInbox reports whether the hub opens what kiosks sealed for the
// publishing desk (意见征集, 办事堵点 and 好差评).
func hasInbox(o Options) bool { return o.Publish != nil && o.Publish.Inbox != nil }

// hasSeats reports whether the hub runs the seat rules of events.
func hasSeats(o Options) bool { return o.Publish != nil && o.Publish.Seats != nil }

type documentsData struct {
	Page   *publish.DocumentPage
	Query  string
	State  string
	States []string
	Prev   string
	Next   string
}

func (s *Server) documentsPage(w http.ResponseWriter, r *http.Request, c *call) {
	q := r.URL.Query()
	off, _ := strconv.Atoi(q.Get("offset"))
	f := publish.Filter{Query: q.Get("q"), State: q.Get("state"), Offset: max(off, 0), Limit: 50}
	page, err := s.opt.Publish.Documents(r.Context(), f)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	d := documentsData{Page: page, Query: f.Query, State: f.State, States: publish.States}
	link := func(o int) string {
		v := url.Values{"q": {f.Query}, "state": {f.State}, "offset": {strconv.Itoa(o)}}
		return "/docs?" + v.Encode()
	}
	if f.Offset > 0 {
		d.Prev = link(max(f.Offset-f.Limit, 0))
	}
	if f.Offset+f.Limit < page.Total {
		d.Next = link(f.Offset + f.Limit)
	}
	s.render(w, r, c, http.StatusOK, "docs", view{Title: "公开文件", Data: d})
}

// documentData is a document's page: its form, state and attachments.
type documentData struct {
	Entry      *publish.Entry // nil for a new document
	Form       form
	Categories []publish.Category
	Disclosure []string
	Validity   []string
	CanPublish bool
	Outcome    *publish.Outcome
}

func (s *Server) documentForm(r *http.Request, c *call, e *publish.Entry, f form) (documentData, error) {
	cats, err := s.opt.Publish.Categories(r.Context())
	if err != nil {
		return documentData{}, err
	}
	if f.Values == nil {
		f.Values = documentDefaults(s.opt.Now().In(s.opt.Location))
		if e != nil {
			f.Values = documentValues(e)
		}
	}
	return documentData{Entry: e, Form: f, Categories: cats, CanPublish: canPublish(c.me()),
		Disclosure: []string{domain.DisclosureProactive, domain.DisclosureOnRequest, domain.DisclosureNone},
		Validity:   []string{domain.ValidityValid, domain.ValidityExpired, domain.ValidityRepealed}}, nil
}

// documentDefaults fills a new document's form: proactive, valid,
// published on the day.
func documentDefaults(now time.Time) url.Values {
	return url.Values{"disclosure": {domain.DisclosureProactive}, "validity": {domain.ValidityValid},
		"published": {now.Format(domain.DateLayout)}}
}

// documentValues fills the form from a document.
func documentValues(e *publish.Entry) url.Values {
	d := e.Doc
	return url.Values{"id": {d.ID}, "title": {d.Title}, "index_no": {d.IndexNo}, "issuer": {d.Issuer}, "doc_no": {d.DocNo},
		"written": {d.Written}, "published": {d.Published}, "category": {d.CategoryID}, "topic": {d.Topic},
		"disclosure": {d.Disclosure}, "validity": {d.Validity}, "keywords": {strings.Join(d.Keywords, "、")},
		"interprets": {d.Interprets}, "body": {e.Source}}
}

func (s *Server) newDocumentPage(w http.ResponseWriter, r *http.Request, c *call) {
	v := documentDefaults(s.opt.Now().In(s.opt.Location))
	if id := r.URL.Query().Get("interprets"); id != "" {
		// 撰写解读 from the 三同步 list.
		v.Set("interprets", id)
	}
	s.documentFormPage(w, r, c, http.StatusOK, form{Values: v}, "")
}

// documentFormPage renders the form of a new document, or of the one in
// the path with its state and attachments.
func (s *Server) documentFormPage(w http.ResponseWriter, r *http.Request, c *call, status int, f form, msg string) {
	if r.PathValue("id") != "" {
		s.showDocument(w, r, c, status, nil, f, msg)
		return
	}
	d, err := s.documentForm(r, c, nil, f)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, status, "doc", view{Title: "新建公开文件", Error: msg, Data: d})
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request, c *call) {
	s.showDocument(w, r, c, http.StatusOK, nil, form{}, "")
}

// showDocument renders a document's page, with a form sent back or an
// outcome to report.
func (s *Server) showDocument(w http.ResponseWriter, r *http.Request, c *call, status int, out *publish.Outcome, f form, msg string) {
	e, err := s.opt.Publish.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	d, err := s.documentForm(r, c, e, f)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	d.Outcome = out
	s.render(w, r, c, status, "doc", view{Title: "公开文件：" + e.Doc.Title, Error: msg, Data: d})
}

func (s *Server) saveDocument(w http.ResponseWriter, r *http.Request, c *call) {
	r.ParseForm()
	v := r.PostForm
	in := publish.Input{Orig: r.PathValue("id"), Source: strings.ReplaceAll(v.Get("body"), "\r\n", "\n"), Doc: domain.Document{
		ID: trimmed(v, "id"), Title: trimmed(v, "title"), IndexNo: trimmed(v, "index_no"), Issuer: trimmed(v, "issuer"),
		DocNo: trimmed(v, "doc_no"), Written: trimmed(v, "written"), Published: trimmed(v, "published"),
		CategoryID: trimmed(v, "category"), Topic: trimmed(v, "topic"), Disclosure: trimmed(v, "disclosure"),
		Validity: trimmed(v, "validity"), Keywords: publish.SplitKeywords(v.Get("keywords")), Interprets: trimmed(v, "interprets")}}
	e, err := s.opt.Publish.Save(r.Context(), c.publisher(), in)
	target := ""
	if err == nil {
		target = "/docs/" + url.PathEscape(e.Doc.ID) + "?done=saved"
	}
	s.saved(w, r, c, err, target, s.documentFormPage)
}

// documentAction publishes, withdraws, reopens or discards, records or
// removes a 三同步 reason, or removes an attachment.
func (s *Server) documentAction(w http.ResponseWriter, r *http.Request, c *call) {
	id, a, ctx := r.PathValue("id"), c.publisher(), r.Context()
	var out *publish.Outcome
	var err error
	done, back := "act", "/docs/"+url.PathEscape(id)
	switch r.PathValue("act") {
	case "publish":
		out, err = s.opt.Publish.Publish(ctx, a, id)
	case "withdraw":
		out, err = s.opt.Publish.Withdraw(ctx, a, id, r.PostFormValue("reason"))
	case "reopen":
		err = s.opt.Publish.Reopen(ctx, a, id)
	case "discard":
		if err = s.opt.Publish.Discard(ctx, a, id); err == nil {
			if _, gone := s.opt.Publish.Document(ctx, id); gone != nil {
				back = "/docs"
			}
		}
		done = "discarded"
	case "exempt":
		err = s.opt.Publish.Exempt(ctx, a, id, r.PostFormValue("reason"))
		back = "/docs/readings"
	case "unattach":
		_, err = s.opt.Publish.RemoveAttachment(ctx, a, id, r.PostFormValue("sha"))
	default:
		s.fail(w, r, c, errNoPage)
		return
	}
	if err != nil {
		s.refused(w, r, c, err, func(status int, msg string) {
			if r.PathValue("act") == "exempt" {
				s.showReadings(w, r, c, status, msg)
				return
			}
			s.showDocument(w, r, c, status, nil, form{}, msg)
		})
		return
	}
	if out != nil {
		// Say what reached the catalogue, on the page itself.
		s.showDocument(w, r, c, http.StatusOK, out, form{}, "")
		return
	}
	redirect(w, r, back+"?done="+done)
}

func (s *Server) uploadAttachment(w http.ResponseWriter, r *http.Request, c *call) {
	id := r.PathValue("id")
	data, hdr, err := uploaded(r, catalog.MaxAttachmentBytes, "请选择要上传的附件", fmt.Sprintf("附件超过 %d MB，未上传", catalog.MaxAttachmentBytes>>20))
	if err == nil {
		_, err = s.opt.Publish.AddAttachment(r.Context(), c.publisher(), id, rawFileName(hdr), data)
	}
	if err != nil {
		s.refused(w, r, c, err, func(status int, msg string) { s.showDocument(w, r, c, status, nil, form{}, msg) })
		return
	}
	redirect(w, r, "/docs/"+url.PathEscape(id)+"?done=file#files")
}

// attachmentFile hands out an attachment for staff to check, as a
// download in a sandbox (never rendered in the console's origin).
func (s *Server) attachmentFile(w http.ResponseWriter, r *http.Request, c *call) {
	id, sha := r.PathValue("id"), r.PathValue("sha")
	att, f, err := s.opt.Publish.Attachment(r.Context(), id, sha)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	defer f.Close()
	if err := s.acc.Record(r.Context(), c.login(), ActionAttachment, "文件 "+id+"；附件 "+att.Name); err != nil {
		s.fail(w, r, c, err)
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, catalog.MaxAttachmentBytes+1))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	sendUploaded(w, att.Name, att.MediaType, data)
}

func (s *Server) readingsPage(w http.ResponseWriter, r *http.Request, c *call) {
	s.showReadings(w, r, c, http.StatusOK, "")
}

type readingsData struct {
	R          *publish.Readings
	CanPublish bool
}

func (s *Server) showReadings(w http.ResponseWriter, r *http.Request, c *call, status int, msg string) {
	rd, err := s.opt.Publish.Readings(r.Context())
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, status, "readings", view{Title: "三同步：政策文件与解读", Error: msg,
		Data: readingsData{R: rd, CanPublish: canPublish(c.me())}})
}

func init() {
	flashes["discarded"] = "草稿已删除。"
}

// PublishAuditor writes the publishing desk's actions into the console's
// audit log (a publish.Auditor).
type PublishAuditor struct{ Accounts *accounts.Store }

// Audit implements publish.Auditor.
func (au PublishAuditor) Audit(ctx context.Context, a publish.Actor, action, target, detail string) error {
	d := target
	if detail != "" {
		d += "；" + detail
	}
	return au.Accounts.Record(ctx, a.Login, accounts.Action(action), d)
}

// rawFileName is the file name as the browser sent it. Go's multipart
// reader keeps only its last element, which would hide a path ("../x.pdf",
// "C:\\x.pdf") that the desk must refuse rather than quietly accept.
func rawFileName(h *multipart.FileHeader) string {
	if _, params, err := mime.ParseMediaType(h.Header.Get("Content-Disposition")); err == nil {
		if name, ok := params["filename"]; ok {
			return name
		}
	}
	return h.Filename
}
