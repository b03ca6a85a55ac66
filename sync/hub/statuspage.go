package hub

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/pgdb"
	"gongkai/internal/tracking"
)

var pageTemplate = template.Must(template.New("status").Funcs(template.FuncMap{
	"time": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(calendar.Beijing).Format("2006年1月2日 15:04")
	},
	"date": func(d calendar.Date) string {
		return d.Time(calendar.Beijing).Format("2006年1月2日")
	},
}).Parse(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}}</title>
<style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;background:#f5f5f5;color:#222;font-size:18px;line-height:1.6}
header{background:#b4161b;color:#fff;padding:14px 18px;font-size:20px;font-weight:bold}
main{padding:16px 18px;max-width:640px;margin:auto}
dl{background:#fff;border-radius:8px;padding:12px 16px;margin:0 0 16px}
dt{color:#666;font-size:15px;margin-top:8px}dd{margin:0 0 4px;font-size:19px}
.state{font-size:24px;font-weight:bold;color:#b4161b}
.note{font-size:15px;color:#666}
</style></head><body>
<header>政务公开 · 办理进度查询</header>
<main>
{{if .Found}}{{with .S}}
<dl>
<dt>受理编号</dt><dd>{{.Tracking}}</dd>
<dt>事项</dt><dd>{{.Kind}}</dd>
<dt>当前状态</dt><dd class="state">{{if .State}}{{.State}}{{else}}中心已收到，等待办理{{end}}</dd>
{{if .Outcome}}<dt>办理结果</dt><dd>{{.Outcome}}</dd>{{end}}
{{if .Note}}<dt>说明</dt><dd>{{.Note}}</dd>{{end}}
<dt>提交时间</dt><dd>{{time .Received}}</dd>
<dt>中心收到时间</dt><dd>{{time .HubReceived}}</dd>
{{if not .Deadline.IsZero}}<dt>答复期限</dt><dd>{{date .Deadline}}{{if .Provisional}}（暂定：工作日历尚未覆盖该日期，以中心最终通知为准）{{end}}</dd>{{end}}
{{if .EventTitle}}<dt>活动</dt><dd>{{.EventTitle}}</dd>
<dt>活动时间</dt><dd>{{time .EventStart}}</dd>
{{if .EventPlace}}<dt>地点</dt><dd>{{.EventPlace}}</dd>{{end}}{{end}}
</dl>
<p class="note">本页不显示任何个人信息。申请需补正时，答复期限自收到补正材料之日起重新计算。</p>
{{end}}{{else}}
<dl><dt>查询结果</dt><dd class="state">{{.Message}}</dd></dl>
<p class="note">{{.Detail}}</p>
{{end}}
</main></body></html>
`))

type pageData struct {
	Title   string
	Found   bool
	S       PublicStatus
	Message string
	Detail  string
}

// handleStatusPage serves GET /s/{tracking}?c=CODE, the URL on receipts'
// QR codes (internal/receipt.StatusURL). A wrong or missing code gets the
// same "not found" page, with the same status, as an unknown number.
//
// Guessing is limited twice: per client address (a token bucket), and per
// tracking number like a PIN: after SubmissionOptions.CodeTries wrong
// codes the number's page is locked for CodeLock, whoever asks and with
// whatever code, so many addresses together cannot try more than a few
// codes either. Wrong codes for numbers that do not exist count the same,
// so the lock tells nothing about which numbers exist. Both counts are the
// hub's Limits (its database), so guesses spread over several hub
// processes count together.
func (s *Submissions) handleStatusPage(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer") // the URL carries the code
	h.Set("X-Robots-Tag", "noindex")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	now := s.hub.Now()
	ctx := r.Context()
	allowed, err := s.hub.Limits.Take(ctx, lookupKey(clientKey(r, s.opt.TrustedProxies)), s.opt.PageBurst, s.opt.PageEvery, now)
	if err != nil {
		s.statusPageError(w, err)
		return
	}
	if !allowed {
		h.Set("Retry-After", "60")
		writePage(w, http.StatusTooManyRequests, pageData{Title: "查询过于频繁", Message: "查询过于频繁",
			Detail: "请一分钟后再试。"})
		return
	}
	trk, code := r.PathValue("tracking"), r.URL.Query().Get("c")
	number := ""
	if n, err := tracking.Parse(trk); err == nil {
		number = n.String()
	}
	var left time.Duration // a malformed number is never looked up, so never locked
	if number != "" {
		if left, err = s.hub.Limits.Locked(ctx, codeKey(number), s.opt.CodeLock, now); err != nil {
			s.statusPageError(w, err)
			return
		}
	}
	if left > 0 {
		minutes := int((left + time.Minute - 1) / time.Minute)
		h.Set("Retry-After", strconv.Itoa(int((left+time.Second-1)/time.Second)))
		writePage(w, http.StatusTooManyRequests, pageData{Title: "暂停查询", Message: "该受理编号暂停查询",
			Detail: fmt.Sprintf("查询码连续输错次数过多，为保护办理信息，该受理编号的查询已暂停，请 %d 分钟后再试。请核对回执上的查询码。", minutes)})
		return
	}
	st, ok, err := s.Lookup(ctx, trk, code)
	switch {
	case err != nil:
		s.statusPageError(w, err)
	case !ok:
		if code != "" && number != "" {
			if err := s.hub.Limits.Fail(ctx, codeKey(number), s.opt.CodeTries, s.opt.CodeLock, now); err != nil {
				s.statusPageError(w, err)
				return
			}
		}
		writePage(w, http.StatusNotFound, pageData{Title: "未找到", Message: "未找到",
			Detail: "受理编号或查询码不正确，或该提交尚未从终端同步到中心（终端离线时可能需要一段时间）。请核对回执后再试。"})
	default:
		if err := s.hub.Limits.Clear(ctx, codeKey(number)); err != nil {
			s.hub.Log.Warn("status page: clear wrong codes", "err", err)
		}
		writePage(w, http.StatusOK, pageData{Title: "办理进度 " + st.Tracking, Found: true, S: st})
	}
}

// statusPageError answers a look-up the hub could not make (its database
// failed): logged, and a page that says to try later.
func (s *Submissions) statusPageError(w http.ResponseWriter, err error) {
	s.hub.Log.Error("status page", "err", err)
	status := http.StatusInternalServerError
	if pgdb.Transient(err) { // the database restarting: a moment
		status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", storeRetryAfter)
	}
	writePage(w, status, pageData{Title: "暂时无法查询", Message: "暂时无法查询",
		Detail: "系统暂时出错，请稍后再试。"})
}

func writePage(w http.ResponseWriter, status int, d pageData) {
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, d); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(status)
	w.Write(b.Bytes())
}
