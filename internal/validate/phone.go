package validate

import "strings"

// NormalizeMobile returns a mobile number as 11 ASCII digits when it can:
// spaces and dashes dropped, full-width digits made ASCII, and a leading
// +86 / 0086 country code removed.
func NormalizeMobile(s string) string {
	s = fold(s, "-()（）")
	for _, p := range []string{"+86", "0086"} {
		if strings.HasPrefix(s, p) && len(s) == len(p)+11 {
			return s[len(p):]
		}
	}
	return s
}

// Mobile checks a mainland mobile number: 11 digits starting with 1 and a
// second digit from 3 to 9.
func Mobile(s string) error {
	s = NormalizeMobile(s)
	switch {
	case s == "":
		return invalid("请填写手机号码")
	case !allDigits(s) || len(s) != 11 || s[0] != '1':
		return invalid("手机号码应为以1开头的11位数字，请核对")
	case s[1] < '3':
		return invalid("手机号码第2位应为3至9，请核对")
	}
	return nil
}

// NormalizeLandline returns a landline number in the form AREA-LOCAL (or
// AREA-LOCAL-EXT), e.g. "0635-6212345", when s parses as one; otherwise s
// with only full-width characters and spaces folded.
func NormalizeLandline(s string) string {
	area, local, ext, ok := splitLandline(s)
	if !ok {
		return fold(s, "")
	}
	out := area + "-" + local
	if ext != "" {
		out += "-" + ext
	}
	return out
}

// splitLandline parses an area code (010 and 02x have three digits, every
// other area code four), a local number of 7 or 8 digits not starting with
// 0 or 1, and an optional extension of up to 6 digits. The area code may
// be in brackets or followed by a dash, or run straight into the number.
func splitLandline(s string) (area, local, ext string, ok bool) {
	s = fold(s, "")
	s = strings.NewReplacer("（", "", "）", "-", "(", "", ")", "-", "转", "-", "#", "-").Replace(s)
	parts := strings.Split(s, "-")
	for _, p := range parts {
		if !allDigits(p) {
			return "", "", "", false
		}
	}
	digits := parts[0]
	rest := parts[1:]
	if len(parts) >= 2 && len(parts[0]) <= 4 {
		digits = parts[0] + parts[1]
		rest = parts[2:]
	}
	if len(rest) > 1 {
		return "", "", "", false
	}
	if len(rest) == 1 {
		ext = rest[0]
		if len(ext) > 6 {
			return "", "", "", false
		}
	}
	if len(digits) < 3 || digits[0] != '0' {
		return "", "", "", false
	}
	n := 4
	if digits[1] == '1' || digits[1] == '2' {
		n = 3
	}
	area, local = digits[:n], digits[n:]
	if len(parts) >= 2 && len(parts[0]) <= 4 && parts[0] != area {
		return "", "", "", false // the dash is in the wrong place for this area code
	}
	if len(local) < 7 || len(local) > 8 || local[0] == '0' || local[0] == '1' {
		return "", "", "", false
	}
	return area, local, ext, true
}

// Landline checks a fixed-line number with its area code, e.g.
// 0635-6212345, (0635)6212345 or 06356212345, with an optional extension
// (0635-6212345-801).
func Landline(s string) error {
	if strings.TrimSpace(s) == "" {
		return invalid("请填写固定电话")
	}
	if _, _, _, ok := splitLandline(s); !ok {
		f := fold(s, "-")
		if allDigits(f) && f[0] != '0' && (len(f) == 7 || len(f) == 8) {
			return invalid("固定电话请加上区号，例如 0635-6212345")
		}
		return invalid("固定电话应为“区号-号码”，例如 0635-6212345，请核对")
	}
	return nil
}

// NormalizePhone normalises a contact number as a mobile when it is one,
// else as a landline.
func NormalizePhone(s string) string {
	if Mobile(s) == nil {
		return NormalizeMobile(s)
	}
	return NormalizeLandline(s)
}

// Phone checks a contact number that may be a mobile or a landline (联系电话).
func Phone(s string) error {
	if strings.TrimSpace(s) == "" {
		return invalid("请填写联系电话")
	}
	if Mobile(s) == nil || Landline(s) == nil {
		return nil
	}
	f := fold(s, "-()（）+")
	if allDigits(f) && f[0] != '0' && (len(f) == 7 || len(f) == 8) {
		return invalid("固定电话请加上区号，例如 0635-6212345")
	}
	if allDigits(f) && f[0] == '1' {
		return Mobile(s)
	}
	return invalid("联系电话应为11位手机号码，或带区号的固定电话（例如 0635-6212345），请核对")
}
