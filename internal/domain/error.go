package domain

import (
	"errors"
	"fmt"
)

// Error codes. The UI maps a code to a message for visitors; the Go error
// text is for logs and staff tools only.
const (
	ECONFLICT  = "conflict"
	EINTERNAL  = "internal"
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	EAUTH      = "unauthorized"
	EFORBIDDEN = "forbidden" // signed in, but not allowed: another 科室's case, a role that may not act
)

// Error is an application error with a machine-readable code and a message
// that is safe to show (in Chinese where a person will read it).
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's *Error, EINTERNAL for other errors
// and "" for nil.
func ErrorCode(err error) string { return safe(err).Code }

// ErrorMessage returns the safe message of err's *Error, or a generic
// Chinese message for other errors.
func ErrorMessage(err error) string { return safe(err).Message }

// safe is err's *Error; for any other error, one that says nothing of it;
// for nil, an empty one.
func safe(err error) *Error {
	var e *Error
	if err == nil {
		return &Error{}
	} else if errors.As(err, &e) {
		return e
	}
	return &Error{Code: EINTERNAL, Message: "系统暂时无法完成操作，请稍后再试或联系工作人员。"}
}
