package foisqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/assets"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/domain"
	"gongkai/internal/foi"
	"gongkai/internal/foi/foisqlite"
	"gongkai/internal/submission"
	"gongkai/internal/testclock"
	"gongkai/internal/tracking"
	"gongkai/internal/validate"
)

// clock is a settable clock, set by the day.
type clock struct{ testclock.Clock }

// Set puts the clock at 10:00 Beijing time on day.
func (c *clock) Set(day string) {
	c.Clock.Set(calendar.MustParse(day).Time(calendar.Beijing).Add(10 * time.Hour))
}

// auditLog records audit calls.
type auditLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *auditLog) Audit(_ context.Context, a foi.Actor, action, target, detail string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, a.Login+" "+action+" "+target)
	return nil
}

// sink records published statuses.
type sink struct {
	mu  sync.Mutex
	got map[string][]foi.PublicStatus
}

func (s *sink) Publish(_ context.Context, trk string, st foi.PublicStatus) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.got == nil {
		s.got = map[string][]foi.PublicStatus{}
	}
	s.got[trk] = append(s.got[trk], st)
	return nil
}

type fixture struct {
	svc   *foi.Service
	st    *foisqlite.Store
	clock *clock
	audit *auditLog
	sink  *sink
	cal   *calendar.Calendar
	dir   string                                              // the data directory (foi.db on SQLite)
	open  func(testing.TB, func() time.Time) *foisqlite.Store // another hub process on the same database
}

func demoYears(t testing.TB) []domain.CalendarYear {
	t.Helper()
	set, _, err := catalog.Load(assets.DemoCatalog(), catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return set.Calendar
}

// newFixture opens a register on a fresh database of b with the demo
// calendar.
func newFixture(t testing.TB, b backend, day string) *fixture {
	t.Helper()
	f := &fixture{clock: &clock{}, audit: &auditLog{}, sink: &sink{}, cal: calendar.New(demoYears(t))}
	f.dir, f.open = b.setup(t)
	f.clock.Set(day)
	f.st = f.open(t, f.clock.Now)
	f.svc = f.service(f.st)
	return f
}

// service is a register over st with the fixture's clock, calendar,
// audit log and status sink.
func (f *fixture) service(st *foisqlite.Store) *foi.Service {
	return &foi.Service{Store: st, Now: f.clock.Now, Audit: f.audit, Status: f.sink,
		Calendar: func(context.Context) (*calendar.Calendar, error) { return f.cal, nil }}
}

// another opens a second register on the fixture's database, as another
// hub process would.
func (f *fixture) another(t testing.TB) *foi.Service { return f.service(f.open(t, f.clock.Now)) }

var (
	registrar = foi.Actor{Login: "deng", Name: "登记员甲", Role: foi.RoleRegistrar}
	handler   = foi.Actor{Login: "cheng", Name: "承办人乙", Role: foi.RoleHandler, Dept: "办公室"}
	handler2  = foi.Actor{Login: "wu", Name: "承办人戊", Role: foi.RoleHandler, Dept: "财务科"}
	reviewer  = foi.Actor{Login: "shen", Name: "审核人丙", Role: foi.RoleReviewer}
	reviewer2 = foi.Actor{Login: "shen2", Name: "审核人丁", Role: foi.RoleReviewer}
	frontDesk = foi.Actor{Login: "qt", Name: "前台", Role: foi.RoleFrontDesk}
)

func person(name, id string) foi.Applicant {
	return foi.Applicant{Name: name, Category: domain.CategoryPerson, IDType: "居民身份证", IDNumber: id, Phone: "13800138000"}
}

func (f *fixture) register(t testing.TB, channel, received string, ap foi.Applicant, info string) *foi.Case {
	t.Helper()
	reg := foi.Registration{Channel: channel, Applicant: ap, Request: foi.Request{InfoName: info}}
	if received != "" {
		reg.Received = calendar.MustParse(received)
	}
	c, err := f.svc.Register(context.Background(), registrar, reg)
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	return c
}

func (f *fixture) do(t testing.TB, a foi.Actor, id string, act foi.Action) *foi.Case {
	t.Helper()
	c, err := f.svc.Do(context.Background(), a, id, act)
	if err != nil {
		t.Fatalf("%s by %s: %v", act.Kind, a.Login, err)
	}
	return c
}

// TestRegisterReceiptDates: Art. 31 per channel, and field errors.
func TestRegisterReceiptDates(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		f := newFixture(t, bk, "2025-10-09")
		inPerson := f.register(t, foi.ChannelInPerson, "", person("张三", "11010519491231002X"), "招生计划")
		if inPerson.Received.String() != "2025-10-09" || inPerson.ID != "2025-00001" || inPerson.Deadline.Due.String() != "2025-11-05" {
			t.Errorf("当面: %s received %s due %s", inPerson.ID, inPerson.Received, inPerson.Deadline.Due)
		}
		// signed for on 09-30, before the break: 10-09, 10-10, 10-11 (make-up), … 11-04
		post := f.register(t, foi.ChannelPost, "2025-09-30", person("李四", "440524188001010014"), "财政预算")
		if post.Received.String() != "2025-09-30" || post.ID != "2025-00002" || post.Deadline.Due.String() != "2025-11-04" {
			t.Errorf("邮寄: %s received %s due %s", post.ID, post.Received, post.Deadline.Due)
		}
		tests := []struct {
			name  string
			reg   foi.Registration
			field string
		}{
			{"邮寄 without the signed-for date", foi.Registration{Channel: foi.ChannelPost, Applicant: person("王五", ""), Request: foi.Request{InfoName: "x"}}, "received"},
			{"网络 without the confirmation date", foi.Registration{Channel: foi.ChannelOnline, Applicant: person("王五", ""), Request: foi.Request{InfoName: "x"}}, "received"},
			{"a date after today", foi.Registration{Channel: foi.ChannelFax, Received: calendar.MustParse("2025-10-10"), Applicant: person("王五", ""), Request: foi.Request{InfoName: "x"}}, "received"},
			{"postmark after signing", foi.Registration{Channel: foi.ChannelPost, Received: calendar.MustParse("2025-09-30"), Postmarked: calendar.MustParse("2025-10-01"), Applicant: person("王五", ""), Request: foi.Request{InfoName: "x"}}, "postmarked"},
			{"the kiosk channel by hand", foi.Registration{Channel: foi.ChannelKiosk, Applicant: person("王五", ""), Request: foi.Request{InfoName: "x"}}, "channel"},
			{"no category", foi.Registration{Channel: foi.ChannelInPerson, Applicant: foi.Applicant{Name: "某公司", Phone: "13800138000"}, Request: foi.Request{InfoName: "x"}}, "applicant.category"},
			{"no contact", foi.Registration{Channel: foi.ChannelInPerson, Applicant: foi.Applicant{Name: "王五", Category: "自然人"}, Request: foi.Request{InfoName: "x"}}, "applicant.phone"},
			{"a bad ID number", foi.Registration{Channel: foi.ChannelInPerson, Applicant: person("王五", "110105194912310021"), Request: foi.Request{InfoName: "x"}}, "applicant.id_number"},
			{"nothing asked", foi.Registration{Channel: foi.ChannelInPerson, Applicant: person("王五", "")}, "request.info_name"},
		}
		for _, tt := range tests {
			_, err := f.svc.Register(ctx, registrar, tt.reg)
			var fe validate.FieldErrors
			if !errors.As(err, &fe) || fe[tt.field] == nil {
				t.Errorf("%s: %v, want an error on %s", tt.name, err, tt.field)
			}
		}
		if _, err := f.svc.Register(ctx, handler, foi.Registration{Channel: foi.ChannelInPerson}); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("a 承办人 registering: %v", err)
		}
		if got := len(f.audit.lines); got != 2 {
			t.Errorf("audit lines %d, want 2: %q", got, f.audit.lines)
		}
	})
}

// TestRegisterFilters: the register's filters, search and 科室 rule.
func TestRegisterFilters(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		f := newFixture(t, bk, "2025-09-26")
		a := f.register(t, foi.ChannelInPerson, "", person("张三", "11010519491231002X"), "城区学校学区划分")
		f.clock.Set("2025-10-20")
		b := f.register(t, foi.ChannelInPerson, "", foi.Applicant{Name: "某某律师事务所", Category: "法律服务机构", Phone: "0635-6212345"}, "行政处罚决定书")
		c := f.register(t, foi.ChannelOnline, "2025-10-17", person("李四", "440524188001010014"), "年度财政预算")
		f.do(t, registrar, a.ID, foi.Action{Kind: foi.ActReview})
		f.do(t, registrar, a.ID, foi.Action{Kind: foi.ActAccept, Dept: "办公室", Handler: "cheng"})
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActReview})
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActAccept, Dept: "财务科"})

		f.clock.Set("2025-10-28") // a due 10-30: due soon; b due 11-17; c due 11-14
		ids := func(p foi.Page) string {
			var s []string
			for _, c := range p.Cases {
				s = append(s, c.ID)
			}
			return strings.Join(s, " ")
		}
		tests := []struct {
			name  string
			actor foi.Actor
			f     foi.Filter
			want  string
		}{
			{"all, newest first", registrar, foi.Filter{}, b.ID + " " + c.ID + " " + a.ID},
			{"stage", registrar, foi.Filter{Stage: foi.StageHandling}, c.ID + " " + a.ID},
			{"科室", registrar, foi.Filter{Dept: "财务科"}, c.ID},
			{"a 承办人 sees their 科室 only", handler, foi.Filter{}, a.ID},
			{"whatever they ask for", handler, foi.Filter{Dept: "财务科"}, a.ID},
			{"due soon", registrar, foi.Filter{DueSoon: true}, a.ID},
			{"channel", registrar, foi.Filter{Channel: foi.ChannelOnline}, c.ID},
			{"search by name", registrar, foi.Filter{Text: "律师"}, b.ID},
			{"search by request", registrar, foi.Filter{Text: "财政"}, c.ID},
			{"search by register number", registrar, foi.Filter{Text: a.ID}, a.ID},
			{"search with LIKE characters", registrar, foi.Filter{Text: "%"}, ""},
			{"year", registrar, foi.Filter{Year: 2024}, ""},
			{"most urgent first", registrar, foi.Filter{Sort: foi.SortDue}, a.ID + " " + c.ID + " " + b.ID},
			{"a page", registrar, foi.Filter{Limit: 1, Offset: 1}, c.ID},
		}
		for _, tt := range tests {
			p, err := f.svc.List(ctx, tt.actor, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if got := ids(p); got != tt.want {
				t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
			}
		}
		f.clock.Set("2025-10-31")
		p, _ := f.svc.List(ctx, registrar, foi.Filter{Overdue: true})
		if ids(p) != a.ID || !p.Cases[0].Deadline.Overdue || p.Cases[0].Deadline.DaysLeft != -1 {
			t.Errorf("overdue on 10-31: %q", ids(p))
		}
		if p, _ := f.svc.List(ctx, registrar, foi.Filter{Limit: 2}); p.Total != 3 || len(p.Cases) != 2 {
			t.Errorf("total %d, page %d", p.Total, len(p.Cases))
		}
		if _, err := f.svc.List(ctx, frontDesk, foi.Filter{}); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("前台 listing: %v", err)
		}
		if _, err := f.svc.Get(ctx, handler2, a.ID); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("another 科室's case: %v", err)
		}
		if _, err := f.svc.Get(ctx, handler, "2025-09999"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("missing case: %v", err)
		}
		if _, err := f.svc.Do(ctx, handler2, a.ID, foi.Action{Kind: foi.ActNote, Note: "x"}); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("another 科室 acting: %v", err)
		}
	})
}

// TestStaleForm: two people acting on the same version; the second is
// refused, and a replayed form does nothing twice.
func TestStaleForm(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		f := newFixture(t, bk, "2025-09-29")
		c := f.register(t, foi.ChannelInPerson, "", person("张三", ""), "学区划分")
		v := c.Version
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActReview, Version: v})
		if _, err := f.svc.Do(ctx, registrar, c.ID, foi.Action{Kind: foi.ActReview, Version: v}); err == nil {
			t.Error("the same form twice was accepted")
		}
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActCorrect, Unclear: "年份", Version: v + 1})
		_, err := f.svc.Do(ctx, registrar, c.ID, foi.Action{Kind: foi.ActCorrect, Unclear: "年份", Version: v + 1})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("replayed 补正: %v", err)
		}
		got, _ := f.svc.Get(ctx, registrar, c.ID)
		if len(got.Correspondence) != 1 || len(got.History) != 3 {
			t.Errorf("after the replay: %d letters, %d history lines", len(got.Correspondence), len(got.History))
		}
	})
}

// TestRepeatedRequest: the same applicant asking again for what was
// answered is offered as 重复申请 with the earlier case; the reply cites
// it; another applicant's case cannot be cited.
func TestRepeatedRequest(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		f := newFixture(t, bk, "2025-09-01")
		first := f.register(t, foi.ChannelInPerson, "", person("张三", "11010519491231002X"), "2025年城区小学学区划分方案")
		other := f.register(t, foi.ChannelInPerson, "", person("李四", "440524188001010014"), "2025年城区小学学区划分方案")
		for _, id := range []string{first.ID, other.ID} {
			f.do(t, registrar, id, foi.Action{Kind: foi.ActReview})
			f.do(t, registrar, id, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "1", Obtain: "门户网站"}})
			f.do(t, reviewer, id, foi.Action{Kind: foi.ActSignOff})
		}
		f.clock.Set("2025-10-20")
		again := f.register(t, foi.ChannelPost, "2025-10-17", foi.Applicant{Name: "张三", Category: "自然人", IDType: "居民身份证",
			IDNumber: "11010519491231002x", Address: "阳谷县某路1号"}, "城区小学2025年学区划分方案")
		unrelated := f.register(t, foi.ChannelInPerson, "", person("张三", "11010519491231002X"), "环境影响评价报告")
		got, err := f.svc.Get(ctx, registrar, again.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Repeats) != 1 || got.Repeats[0].ID != first.ID {
			t.Fatalf("repeats of %s: %+v", again.ID, got.Repeats)
		}
		if u, _ := f.svc.Get(ctx, registrar, unrelated.ID); len(u.Repeats) != 0 {
			t.Errorf("unrelated request offered as repeat: %+v", u.Repeats)
		}
		f.do(t, registrar, again.ID, foi.Action{Kind: foi.ActReview})
		_, err = f.svc.Do(ctx, registrar, again.ID, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "5.2", EarlierCase: other.ID}})
		if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.ErrorMessage(err), "不是同一申请人") {
			t.Errorf("citing another applicant's case: %v", err)
		}
		_, err = f.svc.Do(ctx, registrar, again.ID, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "5.2", EarlierCase: unrelated.ID}})
		if !strings.Contains(domain.ErrorMessage(err), "尚未答复") {
			t.Errorf("citing an open case: %v", err)
		}
		c := f.do(t, registrar, again.ID, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "5.2", EarlierCase: first.ID}})
		if c.Reply.EarlierCase != first.ID {
			t.Errorf("earlier case %q", c.Reply.EarlierCase)
		}

		v, err := f.svc.Applicant(ctx, registrar, again.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Cases) != 3 || v.Answered != 1 || v.Open != 2 || v.Cases[0].ID != first.ID {
			t.Errorf("applicant view: %d cases, %d answered, %d open", len(v.Cases), v.Answered, v.Open)
		}
	})
}

// TestQueue: each role's "my cases" with what is due next, most urgent first.
func TestQueue(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		f := newFixture(t, bk, "2025-09-26")
		newer := f.register(t, foi.ChannelInPerson, "", person("张三", ""), "学区划分")
		f.clock.Set("2025-10-09")
		mine := f.register(t, foi.ChannelInPerson, "2025-09-29", person("李四", ""), "招生计划")
		theirs := f.register(t, foi.ChannelInPerson, "", person("王五", ""), "预算")
		signed := f.register(t, foi.ChannelInPerson, "", person("赵六", ""), "决算")
		for _, id := range []string{newer.ID, mine.ID, theirs.ID} {
			f.do(t, registrar, id, foi.Action{Kind: foi.ActReview})
		}
		f.do(t, registrar, newer.ID, foi.Action{Kind: foi.ActAccept, Dept: "办公室"})
		f.do(t, registrar, mine.ID, foi.Action{Kind: foi.ActAccept, Dept: "办公室", Handler: "cheng"})
		f.do(t, registrar, theirs.ID, foi.Action{Kind: foi.ActAccept, Dept: "办公室", Handler: "other"})
		f.do(t, handler, mine.ID, foi.Action{Kind: foi.ActExtend, Reason: "量大"})
		f.do(t, registrar, signed.ID, foi.Action{Kind: foi.ActReview})
		f.do(t, registrar, signed.ID, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "4.1", Decision: "未制作"}})
		f.do(t, reviewer, signed.ID, foi.Action{Kind: foi.ActSignOff})

		queue := func(a foi.Actor) []string {
			q, err := f.svc.Queue(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, it := range q {
				out = append(out, it.Case.ID+" "+it.Next.What)
			}
			return out
		}
		h := queue(handler)
		if len(h) != 1 || !strings.HasPrefix(h[0], newer.ID+" 待拟写答复（答复期限2025-10-30") {
			t.Errorf("承办人 queue: %q", h)
		}
		r := queue(reviewer)
		if len(r) != 1 || !strings.HasPrefix(r[0], mine.ID+" 待审核人批准延期20个工作日") {
			t.Errorf("审核人 queue: %q", r)
		}
		d := queue(registrar)
		if len(d) != 1 || !strings.HasPrefix(d[0], signed.ID+" 答复已签发，待送达") {
			t.Errorf("登记员 queue: %q", d)
		}
		f.do(t, reviewer2, mine.ID, foi.Action{Kind: foi.ActApproveExtension})
		if h := queue(handler); len(h) != 2 || !strings.HasPrefix(h[0], newer.ID) || !strings.HasPrefix(h[1], mine.ID) {
			t.Errorf("承办人 queue after the extension: %q", h)
		}
	})
}

// TestCalendarArrives: a deadline computed while 2027 was unknown is
// provisional; when the hub gets the 2027 calendar the register's stored
// deadlines are recomputed and the kiosk is sent the final one.
func TestCalendarArrives(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		f := newFixture(t, bk, "2026-12-10")
		c := f.register(t, foi.ChannelInPerson, "", person("张三", ""), "学区划分")
		c = f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActReview})
		if !c.Deadline.Provisional || c.Deadline.Due.String() != "2027-01-07" {
			t.Fatalf("before 2027 is known: %s provisional=%v", c.Deadline.Due, c.Deadline.Provisional)
		}
		y2027 := domain.CalendarYear{Year: 2027, Off: []string{"2027-01-01", "2027-01-04"}} // a made-up notice
		f.cal = calendar.New(append(demoYears(t), y2027))
		p, err := f.svc.List(ctx, registrar, foi.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if d := p.Cases[0].Deadline; d.Provisional || d.Due.String() != "2027-01-11" {
			t.Errorf("after 2027 arrived: %s provisional=%v, want 2027-01-11", d.Due, d.Provisional)
		}
		f.clock.Set("2027-01-08")
		if p, _ := f.svc.List(ctx, registrar, foi.Filter{Overdue: true}); p.Total != 0 {
			t.Errorf("overdue on 01-08 by the stale deadline")
		}
	})
}

// inbox is a foi.Inbox of applications queued by a test.
type inbox struct {
	mu   sync.Mutex
	apps []foi.KioskApplication
}

func (in *inbox) Applications(_ context.Context, after int64) ([]foi.KioskApplication, int64, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]foi.KioskApplication(nil), in.apps[after:]...), int64(len(in.apps)), nil
}

// kioskCase queues an application from kiosk number kiosk and imports it.
func kioskCase(t testing.TB, f *fixture, kiosk, seq int, day string) *foi.Case {
	t.Helper()
	trk, err := tracking.New(kiosk, calendar.MustParse(day), seq)
	if err != nil {
		t.Fatal(err)
	}
	in, _ := f.svc.Inbox.(*inbox)
	if in == nil {
		in = &inbox{}
		f.svc.Inbox = in
	}
	in.mu.Lock()
	in.apps = append(in.apps, foi.KioskApplication{Tracking: trk, KioskID: "kiosk-test", Received: f.clock.Now(),
		Application: &submission.Application{ApplicantType: submission.ApplicantCitizen, Name: "王五", IDType: "居民身份证",
			IDNumber: "11010219840406970X", Phone: "13900139000", InfoName: "某某规划批复"}})
	in.mu.Unlock()
	if n, err := f.svc.ImportKiosk(context.Background()); err != nil || n != 1 {
		t.Fatalf("import: %d, %v", n, err)
	}
	c, err := f.svc.Get(context.Background(), registrar, trk)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPrivateFile: the register holds personal data, so foi.db and its
// WAL are readable by the hub's user only, whatever the umask.
func TestPrivateFile(t *testing.T) {
	f := newFixture(t, sqlite, "2025-10-09")
	f.register(t, foi.ChannelInPerson, "", person("张三", ""), "学区划分")
	for _, name := range []string{foisqlite.File, foisqlite.File + "-wal"} {
		st, err := os.Stat(filepath.Join(f.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %o, want 600", name, st.Mode().Perm())
		}
	}
}

// TestFiles: files are kept with a case, visible to whoever may see the
// case, refused once it is archived.
func TestFiles(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		f := newFixture(t, bk, "2025-09-26")
		a := f.register(t, foi.ChannelInPerson, "", person("张三", ""), "学区划分")
		b := f.register(t, foi.ChannelPost, "2025-09-25", person("李四", ""), "财政预算")
		f.do(t, registrar, a.ID, foi.Action{Kind: foi.ActReview})
		f.do(t, registrar, a.ID, foi.Action{Kind: foi.ActAccept, Dept: "办公室", Handler: "cheng", HandlerName: "承办人乙"})
		file, err := f.svc.AddFile(ctx, handler, a.ID, `C:\扫描\回复材料.pdf`, "application/pdf", []byte("%PDF-1.4 test"))
		if err != nil {
			t.Fatal(err)
		}
		if file.Name != "回复材料.pdf" || file.Size != 13 {
			t.Errorf("file: %+v", file)
		}
		list, _ := f.svc.Files(ctx, registrar, a.ID)
		got, err := f.svc.File(ctx, registrar, a.ID, list[0].ID)
		if err != nil || string(got.Data) != "%PDF-1.4 test" || got.By != "cheng" {
			t.Errorf("file back: %+v %v", got, err)
		}
		if _, err := f.svc.AddFile(ctx, handler2, a.ID, "x.pdf", "", []byte("x")); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("another 科室 adding a file: %v", err)
		}
		if _, err := f.svc.AddFile(ctx, registrar, a.ID, "big.bin", "", make([]byte, foi.MaxFileBytes+1)); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("a file too big: %v", err)
		}
		if _, err := f.svc.File(ctx, registrar, b.ID, list[0].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("a file through another case: %v", err)
		}
		f.do(t, registrar, b.ID, foi.Action{Kind: foi.ActReview})
		f.do(t, registrar, b.ID, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "5.3", Obtain: "新华书店"}})
		f.do(t, reviewer, b.ID, foi.Action{Kind: foi.ActSignOff})
		f.do(t, registrar, b.ID, foi.Action{Kind: foi.ActDeliver, Method: "邮寄"})
		f.do(t, registrar, b.ID, foi.Action{Kind: foi.ActArchive})
		if _, err := f.svc.AddFile(ctx, registrar, b.ID, "x.pdf", "", []byte("x")); !strings.Contains(domain.ErrorMessage(err), "已归档") {
			t.Errorf("a file on an archived case: %v", err)
		}
	})
}
