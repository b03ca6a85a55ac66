package console

import (
	"context"

	"gongkai/internal/accounts"
	"gongkai/internal/foi"
)

// Auditor writes the case service's actions into the console's audit log
// (a foi.Auditor): who, the action in Chinese, and the case by its
// register number.
type Auditor struct{ Accounts *accounts.Store }

// Audit implements foi.Auditor.
func (au Auditor) Audit(ctx context.Context, a foi.Actor, action, target, detail string) error {
	label := foi.ActionLabel(action)
	d := "案件 " + target
	if detail != "" && detail != label {
		d += "；" + detail
	}
	return au.Accounts.Record(ctx, a.Login, accounts.Action(label), d)
}
