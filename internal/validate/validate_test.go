package validate_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/validate"
)

// check runs fn on each case; want "" means valid, otherwise a fragment of
// the Chinese message. Every error must be a *domain.Error with code
// "invalid".
func check(t *testing.T, name string, fn func(string) error, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		err := fn(in)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s(%q) = %v, want valid", name, in, err)
		case want != "" && err == nil:
			t.Errorf("%s(%q) valid, want error containing %q", name, in, want)
		case err != nil:
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.EINVALID {
				t.Errorf("%s(%q) = %#v, want *domain.Error with code invalid", name, in, err)
			} else if !strings.Contains(de.Message, want) {
				t.Errorf("%s(%q) message %q, want it to contain %q", name, in, de.Message, want)
			}
		}
	}
}

// today is the validators' clock: no test depends on the real date.
var today = time.Date(2025, 9, 26, 10, 0, 0, 0, calendar.Beijing)

// idNumber is IDNumber on today.
func idNumber(s string) error { return validate.IDNumber(s, today) }

func TestIDNumber(t *testing.T) {
	check(t, "IDNumber", idNumber, map[string]string{
		// docs/ogi-rules.md vectors.
		"11010519491231002X": "",
		"440524188001010014": "", // born 1880
		"11010219840406970X": "",
		"110105194912310021": "校验位",
		"11010219840506970X": "校验位",
		"440524189001010014": "校验位",
		// Normalisation: lower-case x, full-width digits and X, spaces.
		"11010519491231002x": "",
		"１１０１０５１９４９１２３１００２Ｘ": "",
		"１１０１０５１９４９１２３１００２ｘ": "",
		"110105 19491231 002X":   "",
		"  11010519491231002X  ": "",
		// Shape.
		"":                    "请填写身份证号码",
		"110105491231002":     "18位的身份证号码",
		"1101051949123100":    "现在是16位",
		"11010519491231002XX": "现在是19位",
		"1101051949123100XX":  "前17位应为数字",
		"11010519491231002Y":  "前17位应为数字",
		"110105一九491231002X":  "前17位应为数字",
		// Birth date digits 7-14.
		"110105194913310021": "出生日期", // month 13
		"110105194902300028": "出生日期", // 02-30
		"110105170001010020": "出生日期", // year 1700
		// Valid checksums, but born after today or more than 150 years ago.
		"110105203001010028": "出生日期（2030年1月1日）晚于今天",
		"110105202509270029": "晚于今天",   // tomorrow
		"110105202509260023": "",       // born today
		"110105187509260020": "",       // 150 years old today
		"110105187509250025": "超过150年", // a day more
	})
	// The birth-date check comes before the checksum, so a wrong date is
	// reported as a date even when the check character happens to match.
	first17 := "11010519490230002"
	id := first17 + string(validate.IDCheckChar(first17))
	if err := idNumber(id); err == nil || !strings.Contains(domain.ErrorMessage(err), "出生日期") {
		t.Errorf("IDNumber(%s) = %v, want a birth date error", id, err)
	}
	if got := validate.NormalizeIDNumber(" １１０１０５１９４９１２３１００２ｘ "); got != "11010519491231002X" {
		t.Errorf("NormalizeIDNumber = %q", got)
	}
}

// TestIDChecksumCatchesSingleDigitErrors changes each of the 18 characters
// of the valid vectors to every other value: the checksum must refuse all.
func TestIDChecksumCatchesSingleDigitErrors(t *testing.T) {
	for _, id := range []string{"11010519491231002X", "440524188001010014", "11010219840406970X"} {
		for pos := range 18 {
			alphabet := "0123456789"
			if pos == 17 {
				alphabet += "X"
			}
			eachSubstitution(id, pos, alphabet, func(bad string) {
				if idNumber(bad) == nil {
					t.Errorf("IDNumber accepted %s (position %d of %s changed)", bad, pos+1, id)
				}
			})
		}
	}
}

// eachSubstitution calls fn with s changed at pos to each character of
// alphabet but the one there.
func eachSubstitution(s string, pos int, alphabet string, fn func(changed string)) {
	for i := range len(alphabet) {
		if c := alphabet[i]; c != s[pos] {
			fn(s[:pos] + string(c) + s[pos+1:])
		}
	}
}

func TestCreditCode(t *testing.T) {
	check(t, "CreditCode", validate.CreditCode, map[string]string{
		// docs/ogi-rules.md vectors.
		"91350100M000100Y43": "",
		"91310110666007217T": "",
		"91310115591693856A": "",
		"91350100M000100Y4A": "校验不通过",
		// Normalisation.
		"91350100m000100y43": "",
		"９１３５０１００Ｍ０００１００Ｙ４３":     "",
		"9135 0100 M000 100Y 43": "",
		// Hard errors.
		"":                    "请填写统一社会信用代码",
		"91350100M000100Y4":   "现在是17位",
		"91350100M000100Y433": "现在是19位",
		"91350100M000I00Y43":  "第13位“I”",
		"91350100M000O00Y43":  "第13位“O”",
		"91350100M000100Y4中":  "第18位“中”",
		"91A50100M000100Y43":  "行政区划代码",
	})
	err := validate.CreditCode("91350100M000100Y4A")
	if !errors.Is(err, validate.ErrCreditCodeChecksum) || !validate.IsWarning(err) {
		t.Errorf("checksum failure %v is not the ErrCreditCodeChecksum warning", err)
	}
	if err := validate.CreditCode("91350100M000100Y4"); validate.IsWarning(err) {
		t.Errorf("a wrong length is a warning: %v", err)
	}
	// Every single-character substitution outside the region code is caught.
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	for _, code := range []string{"91350100M000100Y43", "91310110666007217T", "91310115591693856A"} {
		for pos := range 18 {
			eachSubstitution(code, pos, alphabet, func(bad string) {
				if validate.CreditCode(bad) == nil {
					t.Errorf("CreditCode accepted %s (position %d changed)", bad, pos+1)
				}
			})
		}
	}
}

func TestPhones(t *testing.T) {
	check(t, "Mobile", validate.Mobile, map[string]string{
		"13800138000":       "",
		"138 0013 8000":     "",
		"138-0013-8000":     "",
		"+86 138 0013 8000": "",
		"008613800138000":   "",
		"１３８００１３８０００":       "",
		"":                  "请填写手机号码",
		"1380013800":        "11位",
		"138001380001":      "11位",
		"23800138000":       "以1开头",
		"12800138000":       "第2位",
		"1380013800a":       "11位",
	})
	check(t, "Landline", validate.Landline, map[string]string{
		"0635-6212345":         "",
		"06356212345":          "",
		"(0635)6212345":        "",
		"（0635）6212345":        "",
		"0635 6212345":         "",
		"010-62123456":         "",
		"01062123456":          "",
		"021-52345678":         "",
		"0635-6212345-801":     "",
		"0635-6212345转801":     "",
		"6212345":              "请加上区号",
		"62123456":             "请加上区号",
		"":                     "请填写固定电话",
		"0635-621234":          "区号-号码", // 6-digit local number
		"0635-0212345":         "区号-号码", // local number starts with 0
		"063-56212345":         "区号-号码", // dash in the wrong place
		"0635-6212345-1234567": "区号-号码", // extension too long
		"0635-62a2345":         "区号-号码",
		"13800138000":          "区号-号码",
	})
	check(t, "Phone", validate.Phone, map[string]string{
		"13800138000":  "",
		"0635-6212345": "",
		"06356212345":  "",
		"":             "请填写联系电话",
		"6212345":      "请加上区号",
		"1380013800":   "手机号码",
		"12800138000":  "第2位",
		"hello":        "联系电话应为",
	})
	for in, want := range map[string]string{
		"+86 138-0013-8000": "13800138000",
		"(0635)6212345":     "0635-6212345",
		"06356212345":       "0635-6212345",
		"01062123456":       "010-62123456",
		"0635-6212345转801":  "0635-6212345-801",
	} {
		if got := validate.NormalizePhone(in); got != want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPostalCodeEmail(t *testing.T) {
	check(t, "PostalCode", validate.PostalCode, map[string]string{
		"252300":  "",
		"２５２３００":  "",
		"252 300": "",
		"":        "请填写邮政编码",
		"25230":   "6位数字",
		"2523001": "6位数字",
		"25230a":  "6位数字",
	})
	check(t, "Email", validate.Email, map[string]string{
		"name@example.com":               "",
		"first.last+tag@mail.example.cn": "",
		"ｎａｍｅ＠ｅｘａｍｐｌｅ．ｃｏｍ":               "",
		"":                   "请填写电子邮箱",
		"name":               "格式不正确",
		"name@":              "格式不正确",
		"@example.com":       "格式不正确",
		"name@example":       "格式不正确",
		"name@@example.com":  "格式不正确",
		"na me@example.com":  "", // spaces are folded away, like a typo in an IME
		"name@exa_mple.com":  "格式不正确",
		"name@-example.com":  "格式不正确",
		"name@example..com":  "格式不正确",
		".name@example.com":  "格式不正确",
		"na..me@example.com": "格式不正确",
		"名字@example.com":     "格式不正确",
		"name@1.2.3.4":       "格式不正确",
	})
}

func TestRequiredMaxLen(t *testing.T) {
	check(t, "Required", func(s string) error { return validate.Required("姓名", s) }, map[string]string{
		"张三":                 "",
		"":                   "请填写姓名",
		" 　 ":                "请填写姓名",
		"\u200b\u200d\ufeff": "请填写姓名",
		"\u0301":             "请填写姓名", // a combining mark alone shows nothing
	})
	check(t, "MaxLen", func(s string) error { return validate.MaxLen("通信地址", s, 5) }, map[string]string{
		"":       "",
		"山东省阳谷":  "", // five characters, fifteen bytes
		"山东省阳谷县": "通信地址不能超过5个字（现在是6个字）",
		"abcdef": "现在是6个字",
	})
}

func TestFieldErrors(t *testing.T) {
	fe := validate.FieldErrors{}
	if fe.Err() != nil {
		t.Fatal("empty FieldErrors is an error")
	}
	fe.Add("name", validate.Required("姓名", ""))
	fe.Add("name", validate.MaxLen("姓名", "x", 0)) // first error wins
	fe.Add("phone", nil)
	fe.Add("id", fmt.Errorf("db: disk I/O error"))
	err := fe.Err()
	if err == nil || len(fe) != 2 {
		t.Fatalf("FieldErrors = %v", fe)
	}
	if got := fe["name"].Message; got != "请填写姓名" {
		t.Errorf("name: %q", got)
	}
	if strings.Contains(fe["id"].Message, "disk") {
		t.Errorf("a Go error string leaked into a field message: %q", fe["id"].Message)
	}
	if got := domain.ErrorCode(err); got != domain.EINVALID {
		t.Errorf("ErrorCode = %q, want invalid", got)
	}
	if got := domain.ErrorMessage(err); got != fe["id"].Message {
		t.Errorf("ErrorMessage = %q, want the first field's message", got)
	}
	if fe.OnlyWarnings() {
		t.Error("OnlyWarnings with hard errors")
	}
	w := validate.FieldErrors{}
	w.Add("credit_code", validate.CreditCode("91350100M000100Y4A"))
	if !w.OnlyWarnings() {
		t.Error("credit-code checksum is not only a warning")
	}
}

// TestText: free text loses what nobody can see and is refused for the
// control characters that remain; a whole form is walked field by field.
func TestText(t *testing.T) {
	check(t, "Text", func(s string) error { return validate.Text(validate.NormalizeText(s, false), false) }, map[string]string{
		"张三":                       "",
		"\u202e三张":                 "",
		"张\u0000三\u0007\u001b[31m": "第2个字符是不可见的控制字符（0x00）",
		"张三\u001b[31m":             "控制字符（0x1B）",
		"张三\u009b31m":              "控制字符（U+009B）",
		"某某路\n1号":                  "", // a line break becomes a space on one line
	})
	check(t, "Text multiline", func(s string) error { return validate.Text(validate.NormalizeText(s, true), true) }, map[string]string{
		"第一段\r\n第二段":  "",
		"第一段\n\u0007": "控制字符（0x07）",
	})
	if err := validate.Text("张\n三", false); err == nil || !strings.Contains(domain.ErrorMessage(err), "只能填写一行") {
		t.Errorf("Text(line break on one line) = %v", err)
	}

	type inner struct {
		Note string `json:"note" text:"multiline"`
	}
	form := struct {
		Name   string   `json:"name"`
		Text   string   `json:"text" text:"multiline"`
		Media  []string `json:"media"`
		Sig    []byte   `json:"sig"`
		Inner  *inner   `json:"inner"`
		hidden string
	}{Name: " 张\u200b三 ", Text: "甲\r\n乙\u202e", Media: []string{"纸\u200d质", "\u001b"}, Sig: []byte{0x1b},
		Inner: &inner{Note: "a\u0007\nb"}, hidden: "\u200b"}
	validate.NormalizeFields(&form)
	if form.Name != "张三" || form.Text != "甲\n乙" || form.Media[0] != "纸质" || form.Sig[0] != 0x1b || form.hidden != "\u200b" {
		t.Errorf("NormalizeFields = %+v", form)
	}
	fe := validate.FieldErrors{}
	fe.CheckText(&form)
	if got := strings.Join(fe.Fields(), " "); got != "inner.note media" {
		t.Errorf("CheckText fields = %q (%v)", got, fe)
	}
}

func TestGroupAndMaskIDNumber(t *testing.T) {
	for in, want := range map[string]string{
		"11010519491231002x":   "110105 19491231 002X",
		"110105 1949 1231002X": "110105 19491231 002X",
		"1101051949":           "110105 1949",
		"1101":                 "1101",
		"":                     "",
		"E12345678":            "E12345678",
	} {
		if got := validate.GroupIDNumber(in); got != want {
			t.Errorf("GroupIDNumber(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"11010519491231002X": "1101 ********** 002X",
		"E12345678":          "*******78",
		"":                   "",
	} {
		if got := validate.MaskIDNumber(in); got != want {
			t.Errorf("MaskIDNumber(%q) = %q, want %q", in, got, want)
		}
	}
}
