package password

import (
	"strings"

	"gongkai/internal/domain"
)

// PIN length limits. Six digits is the floor because the lockout, not the
// PIN's length, is what stops guessing at the screen; twelve keeps the pad
// usable.
const (
	MinPINLen = 6
	MaxPINLen = 12
)

// CheckPIN reports whether pin may be set as a kiosk staff PIN (the shared
// one of `kiosk set-pin`, or a front-desk member's own set in the hub's
// console): 6–12 ASCII digits, not one digit repeated and not a run such as
// 123456 or 654321 (wrapping past 9 counts as a run, so 789012 is refused
// too). Errors are
// *domain.Error (invalid) with a Chinese message saying what to change.
func CheckPIN(pin string) error {
	for i := 0; i < len(pin); i++ {
		if pin[i] < '0' || pin[i] > '9' {
			return domain.Errorf(domain.EINVALID, "密码只能由数字 0–9 组成，请重新输入")
		}
	}
	if n := len(pin); n < MinPINLen || n > MaxPINLen {
		return domain.Errorf(domain.EINVALID, "密码须为 %d 到 %d 位数字，现在是 %d 位", MinPINLen, MaxPINLen, n)
	}
	if strings.Count(pin, pin[:1]) == len(pin) {
		return domain.Errorf(domain.EINVALID, "密码不能全部是同一个数字，请换一个不易猜到的密码")
	}
	if isRun(pin, 1) || isRun(pin, 9) {
		return domain.Errorf(domain.EINVALID, "密码不能是连续的数字（如 123456、654321），请换一个不易猜到的密码")
	}
	return nil
}

// isRun reports whether each digit of s is the previous plus step, mod 10.
func isRun(s string, step byte) bool {
	for i := 1; i < len(s); i++ {
		if (s[i-1]-'0'+step)%10 != s[i]-'0' {
			return false
		}
	}
	return true
}
