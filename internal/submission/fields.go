package submission

import (
	"strings"

	"gongkai/internal/domain"
	"gongkai/internal/validate"
)

// invalid returns a field error with a Chinese message.
func invalid(msg string) error { return &domain.Error{Code: domain.EINVALID, Message: msg} }

// required checks a required text field and its length.
func required(field, s string, max int) error {
	if err := validate.Required(field, s); err != nil {
		return err
	}
	return validate.MaxLen(field, s, max)
}

// choice checks a required single choice.
func choice(field, v string, allowed []string) error {
	switch {
	case v == "":
		return invalid("请选择" + field)
	case !oneOf(v, allowed):
		return invalid(field + "应为以下之一：" + describe(allowed))
	}
	return nil
}

// choices checks a required multiple choice: at least one, each allowed.
func choices(field string, vs []string, allowed []string) error {
	if len(vs) == 0 {
		return invalid("请至少选择一项" + field)
	}
	for _, v := range vs {
		if !oneOf(v, allowed) {
			return invalid(field + "只能从以下选项中选择：" + describe(allowed))
		}
	}
	return nil
}

func contains(vs []string, v string) bool { return oneOf(v, vs) }

// dedupe trims each value and drops empty and repeated ones, keeping order.
func dedupe(vs []string) []string {
	var out []string
	for _, v := range vs {
		v = strings.TrimSpace(v)
		if v != "" && !contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
