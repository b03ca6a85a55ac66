package foi_test

import (
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/catalog/catalogtest"
	"gongkai/internal/domain"
	"gongkai/internal/foi"
)

// cal is the working-day calendar the demo catalogue ships.
func cal(t testing.TB) *calendar.Calendar { return catalogtest.Calendar(t) }

// at is 10:00 Beijing time on day d.
func at(d string) time.Time {
	return calendar.MustParse(d).Time(calendar.Beijing).Add(10 * time.Hour)
}

func env(t testing.TB, day string) foi.Env { return foi.Env{Cal: cal(t), Now: at(day)} }

var (
	registrar = foi.Actor{Login: "deng", Name: "登记员甲", Role: foi.RoleRegistrar}
	handler   = foi.Actor{Login: "cheng", Name: "承办人乙", Role: foi.RoleHandler, Dept: "办公室"}
	reviewer  = foi.Actor{Login: "shen", Name: "审核人丙", Role: foi.RoleReviewer}
	reviewer2 = foi.Actor{Login: "shen2", Name: "审核人丁", Role: foi.RoleReviewer}
	admin     = foi.Actor{Login: "admin", Name: "管理员", Role: foi.RoleAdmin}
	frontDesk = foi.Actor{Login: "qt", Name: "前台", Role: foi.RoleFrontDesk}
	otherDept = foi.Actor{Login: "cheng2", Name: "承办人戊", Role: foi.RoleHandler, Dept: "财务科"}
)

// newCase is a 当面 application received on day.
func newCase(t testing.TB, day string) *foi.Case {
	t.Helper()
	c, err := foi.NewCase(foi.Registration{Channel: foi.ChannelInPerson, Received: calendar.MustParse(day),
		Applicant: foi.Applicant{Name: "张三", Category: domain.CategoryPerson, Phone: "13800138000"},
		Request:   foi.Request{InfoName: "2025年城区义务教育学校招生范围", Description: "各小学学区划分文件"}}, registrar, at(day))
	if err != nil {
		t.Fatal(err)
	}
	c.ID = "2025-00001"
	return c
}

// step applies an action that must succeed.
func step(t testing.TB, c *foi.Case, a foi.Actor, act foi.Action, day string) *foi.Case {
	t.Helper()
	n, err := foi.Apply(c, a, act, env(t, day))
	if err != nil {
		t.Fatalf("%s on %s by %s: %v", act.Kind, day, a.Role, err)
	}
	return n
}

func reply(outcome string) *foi.Reply {
	return &foi.Reply{Outcome: outcome, Decision: "经查，该信息已主动公开。", Obtain: "本机关门户网站“政府信息公开”栏目"}
}

func mustDate(s string) calendar.Date { return calendar.MustParse(s) }
