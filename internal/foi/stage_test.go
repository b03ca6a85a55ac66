package foi_test

import (
	"reflect"
	"strings"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/foi"
)

// state is a case taken to some point by legal steps, and the day the
// matrix tries every action on it.
type state struct {
	name string
	day  string
	c    *foi.Case
}

// states walks one application (received Friday 2025-09-26, before the
// National Day break 10-01..10-08 with make-up days 09-28 and 10-11)
// through every stage.
func states(t *testing.T) []state {
	t.Helper()
	reg := newCase(t, "2025-09-26")
	review := step(t, reg, registrar, foi.Action{Kind: foi.ActReview}, "2025-09-29")
	// 5 working days from 09-29: 09-30, 10-09, 10-10, 10-11 (make-up), 10-13.
	corr := step(t, review, registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "请写明所需学区的年份", Days: 5}, "2025-09-29")
	handling := step(t, review, registrar, foi.Action{Kind: foi.ActAccept, Dept: "办公室", Handler: "cheng", HandlerName: "承办人乙"}, "2025-09-29")
	pending := step(t, handling, handler, foi.Action{Kind: foi.ActExtend, Days: 10, Reason: "需调取档案"}, "2025-10-09")
	consulting := step(t, handling, handler, foi.Action{Kind: foi.ActConsult, Party: "某某小学"}, "2025-10-09")
	drafted := step(t, handling, handler, foi.Action{Kind: foi.ActDraft, Reply: reply("1")}, "2025-10-10")
	signed := step(t, drafted, reviewer, foi.Action{Kind: foi.ActSignOff}, "2025-10-11")
	delivered := step(t, signed, registrar, foi.Action{Kind: foi.ActDeliver, Method: "邮寄"}, "2025-10-13")
	archived := step(t, delivered, registrar, foi.Action{Kind: foi.ActArchive}, "2025-10-13")
	return []state{
		{"登记", "2025-09-29", reg},
		{"审核", "2025-09-29", review},
		{"待补正（期限已届满）", "2025-10-14", corr},
		{"办理", "2025-10-09", handling},
		{"办理（延期待批）", "2025-10-10", pending},
		{"征求意见", "2025-10-10", consulting},
		{"答复（待签发）", "2025-10-10", drafted},
		{"答复（已签发）", "2025-10-13", signed},
		{"送达", "2025-10-13", delivered},
		{"归档", "2025-10-14", archived},
	}
}

// actorFor is someone whose role may take the action, so the matrix tests
// stages, not roles.
func actorFor(kind string) foi.Actor {
	switch kind {
	case foi.ActApproveExtension, foi.ActRejectExtension:
		return reviewer2 // the extension was asked for by cheng
	case foi.ActReturn, foi.ActSignOff:
		return reviewer
	case foi.ActConsult, foi.ActConsulted, foi.ActExtend:
		return admin
	}
	return registrar
}

// validAction fills in what each kind needs.
func validAction(kind string) foi.Action {
	a := foi.Action{Kind: kind}
	switch kind {
	case foi.ActCorrect:
		a.Unclear = "请写明所需信息的年份"
	case foi.ActCorrected:
		a.Reason = "申请人因病延误，已提供证明"
	case foi.ActAssign, foi.ActAccept:
		a.Dept = "办公室"
	case foi.ActConsult:
		a.Party = "某某公司"
	case foi.ActExtend:
		a.Reason = "信息量大"
	case foi.ActDraft:
		a.Reply = reply("1")
	case foi.ActReturn:
		a.Reason = "获取方式不明确"
	case foi.ActDeliver:
		a.Method = "当面领取"
	case foi.ActNote:
		a.Note = "申请人来电询问进度"
	}
	return a
}

// TestStageMachine tries every action in every state: allowed exactly
// where the table says, refused with a domain error elsewhere, and a
// refused action leaves the case as it was.
func TestStageMachine(t *testing.T) {
	kinds := []string{foi.ActReview, foi.ActAccept, foi.ActCorrect, foi.ActCorrected, foi.ActLapse, foi.ActAssign,
		foi.ActConsult, foi.ActConsulted, foi.ActExtend, foi.ActApproveExtension, foi.ActRejectExtension, foi.ActDraft,
		foi.ActReturn, foi.ActSignOff, foi.ActDeliver, foi.ActArchive, foi.ActNote}
	want := map[string]string{
		//                  rv ac co cd la as cs cr ex ap rj dr rt so de ar no
		"登记":         "Y  .  Y  .  .  .  .  .  .  .  .  .  .  .  .  .  Y",
		"审核":         ".  Y  Y  .  .  Y  .  .  .  .  .  Y  .  .  .  .  Y",
		"待补正（期限已届满）": ".  .  .  Y  Y  .  .  .  .  .  .  .  .  .  .  .  Y",
		"办理":         ".  .  .  .  .  Y  Y  .  Y  .  .  Y  .  .  .  .  Y",
		"办理（延期待批）":   ".  .  .  .  .  Y  Y  .  .  Y  Y  Y  .  .  .  .  Y",
		"征求意见":       ".  .  .  .  .  Y  .  Y  Y  .  .  .  .  .  .  .  Y",
		"答复（待签发）":    ".  .  .  .  .  .  .  .  .  .  .  .  Y  Y  .  .  Y",
		"答复（已签发）":    ".  .  .  .  .  .  .  .  .  .  .  .  .  .  Y  .  Y",
		"送达":         ".  .  .  .  .  .  .  .  .  .  .  .  .  .  .  Y  Y",
		"归档":         ".  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
	}
	for _, s := range states(t) {
		row := strings.Fields(want[s.name])
		if len(row) != len(kinds) {
			t.Fatalf("table row %s has %d cells", s.name, len(row))
		}
		for i, kind := range kinds {
			before := *s.c
			n, err := foi.Apply(s.c, actorFor(kind), validAction(kind), env(t, s.day))
			if legal := row[i] == "Y"; legal && err != nil {
				t.Errorf("%s: %s refused: %v", s.name, foi.ActionLabel(kind), err)
			} else if !legal {
				if err == nil {
					t.Errorf("%s: %s allowed, want refused (now %s)", s.name, foi.ActionLabel(kind), n.Stage)
				} else if code := domain.ErrorCode(err); code != domain.EINVALID {
					t.Errorf("%s: %s refused with %s, want invalid: %v", s.name, foi.ActionLabel(kind), code, err)
				}
			}
			if !reflect.DeepEqual(before, *s.c) {
				t.Errorf("%s: %s changed the case it was given", s.name, kind)
			}
			if err == nil && n.Version != s.c.Version+1 {
				t.Errorf("%s: %s: version %d, want %d", s.name, kind, n.Version, s.c.Version+1)
			}
		}
	}
}

// TestStageTargets: where each legal action leads.
func TestStageTargets(t *testing.T) {
	byName := map[string]*foi.Case{}
	days := map[string]string{}
	for _, s := range states(t) {
		byName[s.name], days[s.name] = s.c, s.day
	}
	tests := []struct {
		state, kind string
		want        foi.Stage
	}{
		{"登记", foi.ActReview, foi.StageReview},
		{"登记", foi.ActCorrect, foi.StageCorrection},
		{"审核", foi.ActAccept, foi.StageHandling},
		{"审核", foi.ActCorrect, foi.StageCorrection},
		{"审核", foi.ActDraft, foi.StageReply},
		{"待补正（期限已届满）", foi.ActCorrected, foi.StageReview},
		{"待补正（期限已届满）", foi.ActLapse, foi.StageReply},
		{"办理", foi.ActConsult, foi.StageConsulting},
		{"办理", foi.ActAssign, foi.StageHandling},
		{"办理", foi.ActDraft, foi.StageReply},
		{"办理（延期待批）", foi.ActApproveExtension, foi.StageHandling},
		{"征求意见", foi.ActConsulted, foi.StageHandling},
		{"征求意见", foi.ActExtend, foi.StageConsulting},
		{"答复（待签发）", foi.ActReturn, foi.StageHandling},
		{"答复（待签发）", foi.ActSignOff, foi.StageReply},
		{"答复（已签发）", foi.ActDeliver, foi.StageDelivered},
		{"送达", foi.ActArchive, foi.StageArchived},
		{"送达", foi.ActNote, foi.StageDelivered},
	}
	for _, tt := range tests {
		n := step(t, byName[tt.state], actorFor(tt.kind), validAction(tt.kind), days[tt.state])
		if n.Stage != tt.want {
			t.Errorf("%s + %s: stage %s, want %s", tt.state, tt.kind, n.Stage, tt.want)
		}
		if last := n.History[len(n.History)-1]; last.Action != tt.kind || last.To != tt.want {
			t.Errorf("%s + %s: history %+v", tt.state, tt.kind, last)
		}
	}
}

// TestRoles: who may take each action, in a state where it is legal.
func TestRoles(t *testing.T) {
	byName := map[string]state{}
	for _, s := range states(t) {
		byName[s.name] = s
	}
	// A 承办人 of the case's 科室 acts on it; the 登记/审核 cases have no
	// 科室 yet, so a 承办人 cannot even see them.
	tests := []struct {
		state, kind string
		allowed     []foi.Actor
	}{
		{"登记", foi.ActReview, []foi.Actor{registrar, reviewer, reviewer2, admin}},
		{"审核", foi.ActAccept, []foi.Actor{registrar, reviewer, reviewer2, admin}},
		{"审核", foi.ActCorrect, []foi.Actor{registrar, reviewer, reviewer2, admin}},
		{"审核", foi.ActDraft, []foi.Actor{registrar, reviewer, reviewer2, admin}},
		{"待补正（期限已届满）", foi.ActLapse, []foi.Actor{registrar, reviewer, reviewer2, admin}},
		{"办理", foi.ActConsult, []foi.Actor{handler, reviewer, reviewer2, admin}},
		{"办理", foi.ActExtend, []foi.Actor{handler, reviewer, reviewer2, admin}},
		{"办理", foi.ActDraft, []foi.Actor{registrar, handler, reviewer, reviewer2, admin}},
		{"办理", foi.ActAssign, []foi.Actor{registrar, reviewer, reviewer2, admin}},
		{"办理（延期待批）", foi.ActApproveExtension, []foi.Actor{reviewer, reviewer2}},
		{"答复（待签发）", foi.ActSignOff, []foi.Actor{reviewer, reviewer2}},
		{"答复（待签发）", foi.ActReturn, []foi.Actor{reviewer, reviewer2}},
		{"答复（已签发）", foi.ActDeliver, []foi.Actor{registrar, handler, reviewer, reviewer2, admin}},
		{"送达", foi.ActArchive, []foi.Actor{registrar, reviewer, reviewer2, admin}},
		{"办理", foi.ActNote, []foi.Actor{registrar, handler, reviewer, reviewer2, admin}},
	}
	all := []foi.Actor{registrar, handler, reviewer, reviewer2, admin, frontDesk, otherDept}
	for _, tt := range tests {
		s := byName[tt.state]
		for _, a := range all {
			_, err := foi.Apply(s.c, a, validAction(tt.kind), env(t, s.day))
			want := false
			for _, b := range tt.allowed {
				want = want || b.Login == a.Login
			}
			switch {
			case want && err != nil:
				t.Errorf("%s: %s by %s(%s) refused: %v", tt.state, tt.kind, a.Login, a.Role, err)
			case !want && err == nil:
				t.Errorf("%s: %s by %s(%s) allowed", tt.state, tt.kind, a.Login, a.Role)
			case !want && domain.ErrorCode(err) != domain.EFORBIDDEN:
				t.Errorf("%s: %s by %s(%s): code %s, want forbidden (%v)", tt.state, tt.kind, a.Login, a.Role, domain.ErrorCode(err), err)
			}
		}
	}
}

// TestRefusals: the illegal steps the issue names, each with a message
// that says why.
func TestRefusals(t *testing.T) {
	byName := map[string]state{}
	for _, s := range states(t) {
		byName[s.name] = s
	}
	received := newCase(t, "2025-09-26")
	corrected := step(t, byName["待补正（期限已届满）"].c, registrar, foi.Action{Kind: foi.ActCorrected, Date: mustDate("2025-10-13")}, "2025-10-13")
	handling := byName["办理"].c
	extended := step(t, byName["办理（延期待批）"].c, reviewer, foi.Action{Kind: foi.ActApproveExtension}, "2025-10-10")
	rejected := step(t, byName["办理（延期待批）"].c, reviewer, foi.Action{Kind: foi.ActRejectExtension}, "2025-10-10")
	tests := []struct {
		name  string
		c     *foi.Case
		actor foi.Actor
		act   foi.Action
		day   string
		code  string
		want  string // in the message
	}{
		{"second 补正", corrected, registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "再次补正"}, "2025-10-13", domain.EINVALID, "只能一次性告知"},
		// received 09-26: 7 working days end 10-13 (09-29, 09-30, 10-09, 10-10, 10-11, 10-13 … with the break between)
		{"补正 on the 7th working day", received, registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "年份"}, "2025-10-13", "", ""},
		{"补正 after 7 working days", received, registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "年份"}, "2025-10-14", domain.EINVALID, "最迟2025-10-13"},
		{"补正 without what is unclear", received, registrar, foi.Action{Kind: foi.ActCorrect}, "2025-09-29", domain.EINVALID, "补正的事项"},
		{"补正 time over 30 days", received, registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "年份", Days: 31}, "2025-09-29", domain.EINVALID, "1到30"},
		{"补正 after acceptance", handling, registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "年份"}, "2025-09-30", domain.EINVALID, "受理之前"},
		{"lapse before the time given ends", byName["待补正（期限已届满）"].c, registrar, foi.Action{Kind: foi.ActLapse}, "2025-10-13", domain.EINVALID, "尚未届满"},
		{"late correction without a reason", byName["待补正（期限已届满）"].c, registrar, foi.Action{Kind: foi.ActCorrected}, "2025-10-14", domain.EINVALID, "正当理由"},
		{"second 延期 after approval", extended, handler, foi.Action{Kind: foi.ActExtend, Reason: "再延"}, "2025-10-13", domain.EINVALID, "只允许延长一次"},
		{"second approval", extended, reviewer2, foi.Action{Kind: foi.ActApproveExtension}, "2025-10-13", domain.EINVALID, "只允许延长一次"},
		{"延期 asked twice", byName["办理（延期待批）"].c, handler, foi.Action{Kind: foi.ActExtend, Reason: "再延"}, "2025-10-10", domain.EINVALID, "等待审核人批准"},
		{"延期 of 21 days", handling, handler, foi.Action{Kind: foi.ActExtend, Days: 21, Reason: "多"}, "2025-10-09", domain.EINVALID, "最多20个工作日"},
		{"延期 without a reason", handling, handler, foi.Action{Kind: foi.ActExtend}, "2025-10-09", domain.EINVALID, "延期理由"},
		{"延期 after the deadline", handling, handler, foi.Action{Kind: foi.ActExtend, Reason: "晚了"}, "2025-10-31", domain.EINVALID, "已过"},
		{"延期 approved by its requester", step(t, handling, reviewer, foi.Action{Kind: foi.ActExtend, Reason: "自批"}, "2025-10-09"),
			reviewer, foi.Action{Kind: foi.ActApproveExtension}, "2025-10-09", domain.EFORBIDDEN, "另一位审核人"},
		{"延期 approved by a 承办人", byName["办理（延期待批）"].c, handler, foi.Action{Kind: foi.ActApproveExtension}, "2025-10-10", domain.EFORBIDDEN, "审核人"},
		{"a rejected 延期 may be asked again", rejected, handler, foi.Action{Kind: foi.ActExtend, Reason: "补充理由"}, "2025-10-10", "", ""},
		{"reply without an outcome code", handling, handler, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Decision: "予以公开"}}, "2025-10-10", domain.EINVALID, "办理结果"},
		{"reply with no reply at all", handling, handler, foi.Action{Kind: foi.ActDraft}, "2025-10-10", domain.EINVALID, "办理结果"},
		{"reply with an unknown code", handling, handler, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "3.9"}}, "2025-10-10", domain.EINVALID, "未知的办理结果代码"},
		{"予以公开 without where to obtain", handling, handler, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "1"}}, "2025-10-10", domain.EINVALID, "获取信息的方式"},
		{"重复申请 without the earlier case", handling, handler, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "5.2"}}, "2025-10-10", domain.EINVALID, "此前已答复"},
		{"4.3 without a correction", handling, handler, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "4.3"}}, "2025-10-10", domain.EINVALID, "补正"},
		{"6.1 drafted by hand", handling, handler, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "6.1"}}, "2025-10-10", domain.EINVALID, "逾期不补正"},
		{"delivery before sign-off", byName["答复（待签发）"].c, registrar, foi.Action{Kind: foi.ActDeliver, Method: "邮寄"}, "2025-10-10", domain.EINVALID, "签发"},
		{"delivery without a method", byName["答复（已签发）"].c, registrar, foi.Action{Kind: foi.ActDeliver}, "2025-10-13", domain.EINVALID, "送达方式"},
		{"delivery dated before sign-off", byName["答复（已签发）"].c, registrar, foi.Action{Kind: foi.ActDeliver, Method: "邮寄", Date: mustDate("2025-10-10")}, "2025-10-13", domain.EINVALID, "早于签发日期"},
		{"a date in the future", handling, handler, foi.Action{Kind: foi.ActConsult, Party: "某公司", Date: mustDate("2025-10-20")}, "2025-10-10", domain.EINVALID, "晚于今天"},
		{"sign-off twice", byName["答复（已签发）"].c, reviewer, foi.Action{Kind: foi.ActSignOff}, "2025-10-13", domain.EINVALID, "已于2025-10-11签发"},
		{"anything on an archived case", byName["归档"].c, admin, foi.Action{Kind: foi.ActNote, Note: "补记"}, "2025-10-14", domain.EINVALID, "已归档"},
		{"another 科室's case", handling, otherDept, foi.Action{Kind: foi.ActNote, Note: "看看"}, "2025-10-10", domain.EFORBIDDEN, "不属于您所在科室"},
		{"a stale form", handling, handler, foi.Action{Kind: foi.ActNote, Note: "旧表单", Version: handling.Version - 1}, "2025-10-10", domain.ECONFLICT, "刷新"},
		{"an unknown action", handling, handler, foi.Action{Kind: "delete"}, "2025-10-10", domain.EINVALID, "未知的操作"},
	}
	for _, tt := range tests {
		_, err := foi.Apply(tt.c, tt.actor, tt.act, env(t, tt.day))
		if tt.code == "" {
			if err != nil {
				t.Errorf("%s: refused: %v", tt.name, err)
			}
			continue
		}
		if got := domain.ErrorCode(err); got != tt.code {
			t.Errorf("%s: code %q, want %q (%v)", tt.name, got, tt.code, err)
			continue
		}
		if msg := domain.ErrorMessage(err); !strings.Contains(msg, tt.want) {
			t.Errorf("%s: message %q lacks %q", tt.name, msg, tt.want)
		}
	}
}

// TestReturnGoesBack: a returned reply goes back to the stage it was
// drafted in, and a returned 逾期不补正 reopens the wait for the correction.
func TestReturnGoesBack(t *testing.T) {
	c := step(t, newCase(t, "2025-09-26"), registrar, foi.Action{Kind: foi.ActReview}, "2025-09-29")
	d := step(t, c, registrar, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "5.1", Decision: "属于信访事项"}}, "2025-09-29")
	if back := step(t, d, reviewer, foi.Action{Kind: foi.ActReturn, Reason: "再核实"}, "2025-09-30"); back.Stage != foi.StageReview || back.Reply != nil {
		t.Errorf("returned from 审核: %s %+v", back.Stage, back.Reply)
	}
	corr := step(t, c, registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "年份", Days: 1}, "2025-09-29")
	lapsed := step(t, corr, registrar, foi.Action{Kind: foi.ActLapse}, "2025-10-10")
	if lapsed.Outcome() != "6.1" || !lapsed.Correction.Lapsed {
		t.Fatalf("lapse: outcome %q lapsed %v", lapsed.Outcome(), lapsed.Correction.Lapsed)
	}
	back := step(t, lapsed, reviewer, foi.Action{Kind: foi.ActReturn, Reason: "申请人已邮寄补正材料"}, "2025-10-10")
	if back.Stage != foi.StageCorrection || back.Correction.Lapsed {
		t.Errorf("returned lapse: %s lapsed=%v", back.Stage, back.Correction.Lapsed)
	}
	if got := step(t, back, registrar, foi.Action{Kind: foi.ActCorrected, Reason: "邮路延误", Date: mustDate("2025-10-10")}, "2025-10-10"); got.Stage != foi.StageReview {
		t.Errorf("late correction: %s", got.Stage)
	}
}

// TestCorrespondence: the notices and the reply land in the log with their
// dates and the delivery method.
func TestCorrespondence(t *testing.T) {
	c := step(t, newCase(t, "2025-09-26"), registrar, foi.Action{Kind: foi.ActReview}, "2025-09-29")
	c = step(t, c, registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "年份", Method: "电话告知并邮寄"}, "2025-09-29")
	c = step(t, c, registrar, foi.Action{Kind: foi.ActCorrected, Date: mustDate("2025-10-09")}, "2025-10-09")
	c = step(t, c, registrar, foi.Action{Kind: foi.ActAccept, Dept: "办公室"}, "2025-10-09")
	c = step(t, c, handler, foi.Action{Kind: foi.ActExtend, Reason: "信息量大"}, "2025-10-10")
	c = step(t, c, reviewer, foi.Action{Kind: foi.ActApproveExtension, Method: "邮寄"}, "2025-10-13")
	c = step(t, c, handler, foi.Action{Kind: foi.ActDraft, Reply: reply("2")}, "2025-10-20")
	c = step(t, c, reviewer, foi.Action{Kind: foi.ActSignOff}, "2025-10-21")
	c = step(t, c, registrar, foi.Action{Kind: foi.ActDeliver, Method: "电子邮件", Date: mustDate("2025-10-21")}, "2025-10-22")
	var got []string
	for _, k := range c.Correspondence {
		got = append(got, k.Kind+" "+k.Date.String()+" "+k.Method)
	}
	want := []string{"补正告知书 2025-09-29 电话告知并邮寄", "延期答复告知书 2025-10-13 邮寄", "答复书 2025-10-21 电子邮件（2025-10-21送达）"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("correspondence:\n got %q\nwant %q", got, want)
	}
	// corrected 10-09: +20 = 11-05 (10-11 is a make-up day); +20 extension = 12-03
	if c.Extension.Due.String() != "2025-12-03" {
		t.Errorf("extension due %s, want 2025-12-03", c.Extension.Due)
	}
}
