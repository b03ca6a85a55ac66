package foi

import "gongkai/internal/domain"

// Roles of console accounts.
const (
	RoleRegistrar = "登记员" // registers applications, reviews them, serves replies
	RoleHandler   = "承办人" // works the cases of their 科室
	RoleReviewer  = "审核人" // approves 延期 and signs replies off (机构负责人)
	RoleAdmin     = "管理员" // accounts, 科室, templates; may do what a 登记员 does
	RoleFrontDesk = "前台"  // kiosk staff: a kiosk PIN, no cases
)

// Roles lists every role.
var Roles = []string{RoleRegistrar, RoleHandler, RoleReviewer, RoleAdmin, RoleFrontDesk}

// Actor is the signed-in person acting on a case. Login is unique and is
// what the case history and the rules (延期 by two different accounts)
// compare; Name is for display.
type Actor struct {
	Login string
	Name  string
	Role  string
	Dept  string // 科室; a 承办人 sees only their 科室's cases
}

// label is how an actor appears in history and letters' internal fields.
func (a Actor) label() string {
	if a.Name != "" {
		return a.Name
	}
	return a.Login
}

// CanSee reports whether a may open case c: everyone but 前台, and a
// 承办人 only the cases of their 科室.
func (a Actor) CanSee(c *Case) bool {
	switch a.Role {
	case RoleRegistrar, RoleReviewer, RoleAdmin:
		return true
	case RoleHandler:
		return a.Dept != "" && c.Dept == a.Dept
	}
	return false
}

// checkSee returns the EFORBIDDEN error for a case a may not open.
func (a Actor) checkSee(c *Case) error {
	if a.Login == "" {
		return domain.Errorf(domain.EAUTH, "请先登录")
	}
	if !a.CanSee(c) {
		if a.Role == RoleHandler {
			return domain.Errorf(domain.EFORBIDDEN, "该申请不属于您所在科室（%s），无权查看", a.Dept)
		}
		return domain.Errorf(domain.EFORBIDDEN, "您的角色（%s）无权查看依申请公开案件", a.Role)
	}
	return nil
}
