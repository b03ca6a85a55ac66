package submission

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/sync/protocol"
)

// MaxInputBytes bounds an Input file: room for the largest signature
// image (MaxSignatureBytes, base64) and every text field at its limit.
const MaxInputBytes = 1 << 20

// Input is the JSON form of one submission for `kiosk submit`: the kind
// and the payload under the kind's own key.
type Input struct {
	Kind        string       `json:"kind"`
	Application *Application `json:"application,omitempty"`
	Feedback    *Feedback    `json:"feedback,omitempty"`
	Signup      *Signup      `json:"signup,omitempty"`
	Cancel      *Cancel      `json:"cancel,omitempty"`
}

// ReadInput reads an Input file of at most MaxInputBytes from r; a longer
// one is refused with the limit in the message, not cut short.
func ReadInput(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxInputBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxInputBytes {
		return nil, tooLarge()
	}
	return b, nil
}

func tooLarge() error {
	return domain.Errorf(domain.EINVALID, "提交内容超过大小上限 %d 字节（1 MiB），未读取；签名图像最大 %d KiB，文字各有字数上限，请检查文件是否选错",
		MaxInputBytes, MaxSignatureBytes>>10)
}

// Decode reads an Input and returns its payload. Unknown keys, a missing
// payload or one under another kind's key are errors (*domain.Error, in
// Chinese, for staff), as are JSON mistakes: the message names the field
// of a wrong type, or the line and column of a syntax error.
func Decode(b []byte) (Payload, error) {
	if len(b) > MaxInputBytes {
		return nil, tooLarge()
	}
	var in Input
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%s", describeJSONError(err, b))
	}
	if dec.More() {
		return nil, domain.Errorf(domain.EINVALID, "提交内容只能有一个 JSON 对象（%s之后还有内容）", position(b, int(dec.InputOffset())))
	}
	var p Payload
	n := 0
	for _, x := range []struct {
		kind string
		p    Payload
		ok   bool
	}{
		{protocol.KindApplication, in.Application, in.Application != nil},
		{protocol.KindFeedback, in.Feedback, in.Feedback != nil},
		{protocol.KindSignup, in.Signup, in.Signup != nil},
		{protocol.KindCancel, in.Cancel, in.Cancel != nil},
	} {
		if x.ok {
			n++
			if x.kind == in.Kind {
				p = x.p
			}
		}
	}
	switch {
	case in.Kind == "":
		return nil, domain.Errorf(domain.EINVALID, "缺少 kind（application、feedback、signup 或 cancel）")
	case !isKind(in.Kind):
		return nil, domain.Errorf(domain.EINVALID, "未知的 kind %q（应为 application、feedback、signup 或 cancel）", in.Kind)
	case n > 1:
		return nil, domain.Errorf(domain.EINVALID, "一次只能提交一项：只保留 %q 对象", in.Kind)
	case p == nil:
		return nil, domain.Errorf(domain.EINVALID, "kind 为 %q 时应包含 %q 对象", in.Kind, in.Kind)
	}
	return p, nil
}

func isKind(k string) bool {
	return k == protocol.KindApplication || k == protocol.KindFeedback || k == protocol.KindSignup || k == protocol.KindCancel
}

// describeJSONError says in Chinese what is wrong with the JSON b, and
// where: encoding/json's own messages are English and name Go types.
func describeJSONError(err error, b []byte) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var b64 base64.CorruptInputError
	switch {
	case len(bytes.TrimSpace(b)) == 0:
		return "提交内容为空：应为一个 JSON 对象，例如 {\"kind\": \"feedback\", \"feedback\": {…}}"
	case errors.As(err, &syn):
		return fmt.Sprintf("提交内容不是有效的 JSON：%s有语法错误（请检查该处及前面的引号、逗号、冒号和括号）", position(b, int(syn.Offset)-1))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Sprintf("提交内容不完整：JSON 在%s意外结束（缺少右括号、右引号，或文件被截断）", position(b, len(b)))
	case errors.As(err, &typ) && typ.Field == "":
		return fmt.Sprintf("提交内容应为一个 JSON 对象（{\"kind\": …}），现在是%s", jsonValueName(typ.Value))
	case errors.As(err, &typ):
		return fmt.Sprintf("字段 %s 的类型不对（%s）：应为%s，现在是%s", typ.Field, position(b, valueStart(b, int(typ.Offset), typ.Field)),
			goTypeName(typ.Type), jsonValueName(typ.Value))
	case errors.As(err, &b64):
		return "字段 signature 应为 base64 编码的 PNG 图像"
	case errors.Is(err, calendar.ErrDateFormat):
		return "日期（如 signed_on）应写作 YYYY-MM-DD，例如 2025-09-26"
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		where := ""
		if i := bytes.Index(b, []byte(name)); i >= 0 {
			where = "（" + position(b, i) + "）"
		}
		return fmt.Sprintf("未知字段 %s%s：请核对字段名（各类提交的字段见 internal/submission 的说明和 cmd/kiosk/testdata 中的示例）", name, where)
	}
	return "提交内容不是有效的 JSON，请核对格式"
}

// valueStart returns the offset where the value of field (a dotted path)
// starts, found back from off, where encoding/json noticed it was wrong
// (after a string, at the start of an array).
func valueStart(b []byte, off int, field string) int {
	off = max(0, min(off, len(b)))
	key := []byte(`"` + field[strings.LastIndexByte(field, '.')+1:] + `"`)
	for end := off; end > 0; {
		i := bytes.LastIndex(b[:end], key)
		if i < 0 {
			break
		}
		rest := bytes.TrimLeft(b[i+len(key):], " \t\r\n")
		if len(rest) > 0 && rest[0] == ':' {
			rest = bytes.TrimLeft(rest[1:], " \t\r\n")
			return len(b) - len(rest)
		}
		end = i
	}
	return off
}

// position returns "第 L 行第 C 列" of byte offset off in b (C counts
// characters).
func position(b []byte, off int) string {
	off = max(0, min(off, len(b)))
	line := bytes.Count(b[:off], []byte("\n")) + 1
	col := utf8.RuneCount(b[bytes.LastIndexByte(b[:off], '\n')+1:off]) + 1
	return fmt.Sprintf("第 %d 行第 %d 列", line, col)
}

// jsonValueName names a JSON value as encoding/json reports it ("array",
// "number 1.5", …).
func jsonValueName(v string) string {
	kind, rest, _ := strings.Cut(v, " ")
	name := map[string]string{
		"array": "数组（[…]）", "object": "对象（{…}）", "string": "带引号的文字", "number": "数字", "bool": "true/false",
	}[kind]
	if name == "" {
		return v
	}
	if rest != "" {
		name += " " + rest
	}
	return name
}

// goTypeName names what a field of type t takes, for staff writing JSON.
func goTypeName(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[calendar.Date]():
		return "日期文字，如 \"2025-09-26\""
	case t.Kind() == reflect.String:
		return "带引号的文字"
	case t.Kind() == reflect.Bool:
		return "true 或 false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "整数"
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return "base64 编码的文字"
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return "文字列表，如 [\"纸质\"]"
	case t.Kind() == reflect.Slice:
		return "数组（[…]）"
	case t.Kind() == reflect.Struct || t.Kind() == reflect.Pointer || t.Kind() == reflect.Map:
		return "对象（{…}）"
	}
	return t.String()
}
