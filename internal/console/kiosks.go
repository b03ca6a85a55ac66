package console

import (
	"context"
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"gongkai/internal/accounts"
	"gongkai/internal/catalog"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

// Kiosks is the hub's kiosk administration as the 终端 page uses it
// (hub.KioskAdmin).
type Kiosks interface {
	List(ctx context.Context) ([]hub.KioskView, int64, error)
	Enrol(ctx context.Context, name string) (string, time.Time, error)
	Revoke(ctx context.Context, ref string) (*hub.Kiosk, error)
	HandleCall(ctx context.Context, id int64, by string) (*hub.Call, error)
}

// Audit log words of the 终端 page.
const (
	ActionEnrolCode   accounts.Action = "生成终端注册码"
	ActionRevokeKiosk accounts.Action = "停用终端"
	ActionHandleCall  accounts.Action = "处理访客呼叫"
)

// kioskRoles may see the 终端 page and mark a visitor's call handled:
// everyone, 前台 first of all (they are the ones a visitor calls).
var kioskRoles = anyone

// hasKiosks reports whether the hub administers its kiosks here.
func hasKiosks(o Options) bool { return o.Kiosks != nil }

func (s *Server) kioskRoutes() []route {
	admin := roles(accounts.RoleAdmin)
	return []route{
		{"GET /kiosks", kioskRoles, s.kiosksPage},
		{"POST /kiosks/calls/{id}/handled", kioskRoles, s.handleCall},
		{"POST /kiosks/enrol", admin, s.enrolKiosk},
		{"POST /kiosks/{ref}/revoke", admin, s.revokeKiosk},
	}
}

// kioskRow is one kiosk with its report in words.
type kioskRow struct {
	hub.KioskView
	Printer string
	Disk    string
	Queue   string
	Key     string
}

type kiosksData struct {
	Calls   []hub.Call // visitors' calls not yet handled, oldest first
	Rows    []kioskRow
	Head    int64
	Stale   string
	IsAdmin bool
	Code    *enrolCode // a code just made
}

type enrolCode struct {
	Name, Code, Command string
	Expires             time.Time
	QR                  template.URL // a data: URL of the PNG we made (trusted: no input reaches it but the code)
}

func (s *Server) kiosksPage(w http.ResponseWriter, r *http.Request, c *call) {
	s.showKiosks(w, r, c, http.StatusOK, nil, "")
}

func (s *Server) showKiosks(w http.ResponseWriter, r *http.Request, c *call, status int, code *enrolCode, msg string) {
	views, head, err := s.opt.Kiosks.List(r.Context())
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	d := kiosksData{Head: head, Stale: hub.Span(s.stale()), IsAdmin: c.me().Role == accounts.RoleAdmin, Code: code}
	for _, v := range views {
		if v.Call != nil {
			d.Calls = append(d.Calls, *v.Call)
		}
		row := kioskRow{KioskView: v, Printer: "未知", Disk: "—", Queue: "—", Key: "未登记"}
		if v.DeviceKeyID != "" {
			row.Key = protocol.FormatFingerprint(v.DeviceKeyID)[:19] + "…"
		}
		if rep := v.Report; rep != nil {
			row.Printer = hub.PrinterWord(rep.Printer)
			if rep.FreeDisk > 0 {
				row.Disk = catalog.HumanSize(rep.FreeDisk)
			}
			row.Queue = "0"
			if rep.Queue > 0 {
				row.Queue = itoa(rep.Queue)
				if !rep.Oldest.IsZero() {
					row.Queue += "（最早 " + hub.Span(s.opt.Now().Sub(rep.Oldest)) + " 前）"
				}
			}
		}
		d.Rows = append(d.Rows, row)
	}
	s.render(w, r, c, status, "kiosks", view{Title: "终端", Error: msg, Data: d})
}

func (s *Server) stale() time.Duration {
	if s.opt.KioskStale > 0 {
		return s.opt.KioskStale
	}
	return hub.DefaultStale
}

func (s *Server) enrolKiosk(w http.ResponseWriter, r *http.Request, c *call) {
	name := trimmed(r.PostForm, "name")
	if msg := catalog.CheckText("终端名称", name, 40); msg != "" {
		s.showKiosks(w, r, c, http.StatusBadRequest, nil, msg)
		return
	}
	code, exp, err := s.opt.Kiosks.Enrol(r.Context(), name)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	if err := s.acc.Record(r.Context(), c.login(), ActionEnrolCode, "终端 "+name+"；有效至 "+exp.In(s.opt.Location).Format("2006-01-02 15:04")); err != nil {
		s.fail(w, r, c, err)
		return
	}
	ec := &enrolCode{Name: name, Code: code, Expires: exp, Command: "kiosk enroll --code " + code}
	if s.opt.KioskURL != "" {
		ec.Command = "kiosk enroll --hub " + s.opt.KioskURL + " --code " + code
	}
	// The QR holds what the kiosk's installer types: the command with the
	// hub's address and the code.
	if png, err := qrcode.Encode(ec.Command, qrcode.Medium, 256); err == nil {
		ec.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	}
	// Shown once, on this answer: the code is not kept in a URL or a flash.
	s.showKiosks(w, r, c, http.StatusOK, ec, "")
}

func (s *Server) revokeKiosk(w http.ResponseWriter, r *http.Request, c *call) {
	ref := r.PathValue("ref")
	k, err := s.opt.Kiosks.Revoke(r.Context(), ref)
	if err != nil {
		if errors.Is(err, hub.ErrNotFound) {
			err = errNoPage
		}
		s.fail(w, r, c, err)
		return
	}
	if err := s.acc.Record(r.Context(), c.login(), ActionRevokeKiosk, "终端 "+itoa(k.No)+"（"+k.Name+"，"+k.ID+"）"); err != nil {
		s.fail(w, r, c, err)
		return
	}
	redirect(w, r, "/kiosks?done=revoked")
}

// handleCall marks a visitor's call handled, audited with the kiosk, the
// screen and when the call came.
func (s *Server) handleCall(w http.ResponseWriter, r *http.Request, c *call) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, c, errNoPage)
		return
	}
	done, err := s.opt.Kiosks.HandleCall(r.Context(), id, c.login())
	if err != nil {
		if errors.Is(err, hub.ErrNotFound) {
			redirect(w, r, "/kiosks?done=call-gone") // handled meanwhile by a colleague
			return
		}
		s.fail(w, r, c, err)
		return
	}
	if err := s.acc.Record(r.Context(), c.login(), ActionHandleCall, done.Line(s.opt.Location)); err != nil {
		s.fail(w, r, c, err)
		return
	}
	redirect(w, r, "/kiosks?done=call-handled")
}

func itoa(n int) string { return strconv.Itoa(n) }

func init() {
	flashes["revoked"] = "终端已停用：它的凭据不再被接受，停用之后生成的提交也不再接收。"
	flashes["call-handled"] = "已标记为处理完毕。"
	flashes["call-gone"] = "该呼叫已由其他工作人员处理。"
}
