package hubcli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/freetext"
	"gongkai/internal/tracking"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

func init() {
	Register(&Command{
		Name:    "submissions",
		Usage:   "submissions --data DIR [--json] [--tracking NUMBER] [--kind application|feedback|signup|cancel]",
		Summary: "list submissions received from kiosks, decrypted in full for staff (personal data: do not paste into tickets or logs)",
		Run:     runSubmissions,
		Escaped: true,
	})
}

// openSubmissions opens the hub of fs (see open) and its submissions;
// close both with the returned function.
func openSubmissions(ctx context.Context, env *Env, fs *flag.FlagSet) (*hub.Hub, *hub.Submissions, func(), error) {
	h, err := open(ctx, env, fs)
	if err != nil {
		return nil, nil, nil, err
	}
	s, err := hub.OpenSubmissions(ctx, h, hub.SubmissionOptions{})
	if err != nil {
		h.Close()
		return nil, nil, nil, err
	}
	return h, s, func() { s.Close(); h.Close() }, nil
}

func runSubmissions(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "submissions", 0)
	asJSON := c.Bool("json", false, "print JSON (the whole decrypted content, signature images included)")
	trk := c.String("tracking", "", "only this tracking number")
	kind := c.String("kind", "", "only this kind: application, feedback, signup or cancel")
	var opt hub.ListOptions
	c.Validate(func() error {
		opt.Kind = *kind
		if *trk != "" {
			n, err := tracking.Parse(*trk)
			if err != nil {
				return fmt.Errorf("--tracking: %s", domainMessage(err))
			}
			opt.Tracking = n.String()
		}
		return nil
	})
	_, s, closeAll, err := c.openSubmissions(ctx, args)
	if err != nil {
		return err
	}
	defer closeAll()
	list, err := s.List(ctx, opt)
	if err != nil {
		return err
	}
	if *asJSON {
		if list == nil {
			list = []hub.StaffEntry{}
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, "中心还没有收到提交")
		return nil
	}
	for _, e := range list {
		printEntry(env.Stdout, e)
	}
	fmt.Fprintf(env.Stdout, "共 %d 项\n", len(list))
	return nil
}

var seatLabels = map[string]string{"block": "已确认（终端名额）", "promoted": "已确认（候补转正）", "waiting": "候补", "cancelled": "已取消"}

var cancelLabels = map[string]string{"done": "已取消该报名", "pending": "等待该报名上传", "mismatch": "查询码不符，未取消",
	"already": "该报名此前已取消", "not_signup": "该编号不是活动报名"}

// fieldLabels gives the form fields their printed names, in form order.
var fieldLabels = []struct{ key, label string }{
	{"applicant_type", "申请人类型"}, {"name", "姓名"}, {"id_type", "证件类型"}, {"id_number", "证件号码"}, {"employer", "工作单位"},
	{"org_category", "组织类别"}, {"org_name", "名称"}, {"credit_code", "统一社会信用代码"}, {"credit_code_confirmed", "校验未通过已确认"},
	{"legal_rep", "法定代表人"}, {"contact_name", "联系人"}, {"phone", "联系电话"}, {"mobile", "手机"}, {"address", "通信地址"},
	{"postal_code", "邮政编码"}, {"email", "电子邮箱"}, {"info_name", "所需信息名称"}, {"info_doc_no", "文号"},
	{"info_description", "特征性描述"}, {"media", "载体"}, {"delivery", "获取方式"}, {"fee_waiver", "申请减免费用"},
	{"filled_by_staff", "代为填写"}, {"staff_id", "工作人员"}, {"paper_form", "纸质申请表"}, {"signed_on", "签名日期"},
	{"target", "对象"}, {"consultation_id", "意见征集"}, {"category", "类别"}, {"text", "内容"}, {"rating", "评价"},
	{"rating_reason", "评价理由"}, {"anonymous", "匿名"}, {"event_id", "活动"}, {"attendees", "人数"},
	{"terms_accepted", "同意报名须知"}, {"tracking_number", "受理编号"}, {"verification_code", "查询码"},
}

func printEntry(w io.Writer, e hub.StaffEntry) {
	num := e.Tracking
	if num == "" {
		num = "→ " + e.Ref
	}
	state := "待办理"
	if e.Status != nil {
		state = e.Status.State
		if e.Status.Outcome != "" {
			state += " " + e.Status.Outcome + " " + domain.OutcomeLabel(e.Status.Outcome)
		}
	}
	switch {
	case e.Kind == protocol.KindSignup:
		state = seatLabels[e.Seat]
	case e.Kind == protocol.KindCancel:
		state = cancelLabels[e.CancelResult]
	}
	fmt.Fprintf(w, "━━ %s  %s  [%s]\n", num, protocol.KindName(e.Kind), state)
	fmt.Fprintf(w, "   提交 %s  中心收到 %s  终端 %s（%s）  id %s\n", beijing(e.Received), beijing(e.HubReceived), e.KioskID, viaLabel(e.Via), e.ID)
	if !e.Deadline.IsZero() {
		fmt.Fprintf(w, "   答复期限 %s%s\n", e.Deadline, provisionalMark(e.Provisional))
	}
	if e.Status != nil && e.Status.Note != "" {
		fmt.Fprintf(w, "   备注 %s\n", e.Status.Note)
	}
	if e.Error != "" {
		fmt.Fprintf(w, "   无法解密：%s\n", e.Error)
		return
	}
	var fields map[string]any
	if err := json.Unmarshal(e.Payload, &fields); err != nil {
		fmt.Fprintf(w, "   内容无法读取：%v\n", err)
		return
	}
	for _, f := range fieldLabels {
		if v, ok := fields[f.key]; ok {
			fmt.Fprintf(w, "   %s：%s\n", f.label, value(v))
			delete(fields, f.key)
		}
	}
	if sig, ok := fields["signature"].(string); ok {
		fmt.Fprintf(w, "   签名：手写签名图片（约 %d 字节，--json 输出完整内容）\n", len(sig)*3/4)
		delete(fields, "signature")
	}
	rest := make([]string, 0, len(fields))
	for k := range fields {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		fmt.Fprintf(w, "   %s：%s\n", freetext.EscapeLine(k), value(fields[k]))
	}
}

func value(v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "是"
		}
		return "否"
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = value(p)
		}
		return strings.Join(parts, "、")
	case float64:
		return fmt.Sprint(x)
	case string:
		// One line per line of a multi-line field, indented under it;
		// control characters escaped (freetext), whatever older kiosks sent.
		lines := strings.Split(x, "\n")
		for i, l := range lines {
			lines[i] = freetext.EscapeLine(l)
		}
		return strings.Join(lines, "\n     ")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func viaLabel(v string) string {
	if v == hub.ViaUSB {
		return "U盘导入"
	}
	return "网络上传"
}

func provisionalMark(p bool) string {
	if p {
		return "（暂定：工作日历未覆盖该期间）"
	}
	return ""
}

// beijing formats t in the agency's time zone, to the minute.
func beijing(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(calendar.Beijing).Format("2006-01-02 15:04")
}

// domainMessage is the Chinese message of a *domain.Error.
func domainMessage(err error) string { return domain.ErrorMessage(err) }
