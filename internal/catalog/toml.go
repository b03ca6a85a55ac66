package catalog

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"gongkai/internal/domain"
)

// tomlText is one decoded TOML text (a whole .toml file or a document's
// front matter) together with the lines its keys sit on. The TOML library
// reports positions only for syntax errors, so problems found afterwards
// (an unknown category, a bad date) find their line here.
type tomlText struct {
	path   string
	offset int // file line just before the TOML text's first line
	data   map[string]any
	lines  keyLines
}

// decodeTOML parses src. A syntax error becomes a Problem on the line the
// parser stopped at, and ok is false.
func (l *loader) decodeTOML(path string, offset int, src string) (t *tomlText, ok bool) {
	t = &tomlText{path: path, offset: offset, data: map[string]any{}}
	if _, err := toml.Decode(src, &t.data); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			l.add(path, offset+pe.Position.Line, "TOML 格式错误：%s", pe.Message)
		} else {
			l.add(path, offset+1, "TOML 格式错误：%v", err)
		}
		return nil, false
	}
	t.lines = scanKeyLines(src)
	return t, true
}

// topFields returns the fields of the text's top-level table.
func (l *loader) topFields(t *tomlText) *fields {
	return &fields{l: l, path: t.path, m: t.data, line: func(key string) int {
		if n, ok := t.lines.top[key]; ok {
			return t.offset + n
		}
		return t.offset
	}}
}

// entries returns the fields of each [[name]] entry in order. A key that is
// present but not an array of tables is reported.
func (l *loader) entries(t *tomlText, name string) []*fields {
	v, ok := t.data[name]
	if !ok {
		return nil
	}
	tables, ok := v.([]map[string]any)
	if !ok {
		l.add(t.path, t.offset+t.lines.top[name], "%q 应写成 [[%s]] 表数组，每项一段", name, name)
		return nil
	}
	out := make([]*fields, len(tables))
	for i, m := range tables {
		var el entryLines
		if es := t.lines.tables[name]; i < len(es) {
			el = es[i]
		}
		out[i] = &fields{l: l, path: t.path, m: m, line: func(key string) int {
			if n, ok := el.keys[key]; ok {
				return t.offset + n
			}
			return t.offset + el.header
		}}
	}
	return out
}

// checkTopKeys reports top-level keys of a .toml file other than allowed.
func (l *loader) checkTopKeys(t *tomlText, allowed ...string) {
	(&fields{l: l, path: t.path, m: t.data, line: func(key string) int {
		return t.offset + t.lines.top[key]
	}}).unknown(allowed...)
}

// keyLines maps keys to 1-based lines of a TOML text: top-level keys (and
// table headers), and the keys of each [[array]] entry.
type keyLines struct {
	top    map[string]int
	tables map[string][]entryLines
}

// entryLines is one [[array]] entry: its header line and its keys' lines.
type entryLines struct {
	header int
	keys   map[string]int
}

// scanKeyLines finds the line of every `key =` in src. It is a line scanner,
// not a parser: it only runs on text the TOML parser already accepted, and
// it skips the inside of multi-line strings so that draft text cannot be
// mistaken for keys.
func scanKeyLines(src string) keyLines {
	kl := keyLines{top: map[string]int{}, tables: map[string][]entryLines{}}
	cur := kl.top
	multi := "" // the delimiter of an open multi-line string
	for i, line := range strings.Split(src, "\n") {
		n := i + 1
		if multi != "" {
			if strings.Count(line, multi)%2 == 1 {
				multi = ""
			}
			continue
		}
		s := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(s, "[["):
			name := headerName(s[2:], "]]")
			if _, seen := kl.top[name]; !seen {
				kl.top[name] = n
			}
			e := entryLines{header: n, keys: map[string]int{}}
			kl.tables[name] = append(kl.tables[name], e)
			cur = e.keys
			continue
		case strings.HasPrefix(s, "["):
			name := headerName(s[1:], "]")
			if _, seen := kl.top[name]; !seen {
				kl.top[name] = n
			}
			cur = nil // keys of plain tables are not looked up
			continue
		}
		key, rest, ok := splitKey(s)
		if !ok {
			continue
		}
		if _, seen := cur[key]; !seen && cur != nil {
			cur[key] = n
		}
		for _, q := range []string{`"""`, `'''`} {
			if strings.Count(rest, q)%2 == 1 {
				multi = q
				break
			}
		}
	}
	return kl
}

// headerName returns the first key of a table header such as
// ` category ]]` or `"a b".c]`.
func headerName(s, closing string) string {
	if i := strings.Index(s, closing); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if k, _, ok := splitKey(s + "="); ok {
		return k
	}
	return s
}

// splitKey splits `key = value` (or `key.sub = value`) into the first key
// segment and the text after '='.
func splitKey(s string) (key, rest string, ok bool) {
	var i int
	if s != "" && (s[0] == '"' || s[0] == '\'') {
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return "", "", false
		}
		key, i = s[1:1+end], end+2
	} else {
		for i < len(s) && isBareKeyByte(s[i]) {
			i++
		}
		if i == 0 {
			return "", "", false
		}
		key = s[:i]
	}
	tail := strings.TrimLeft(s[i:], " \t")
	if tail == "" || (tail[0] != '=' && tail[0] != '.') {
		return "", "", false
	}
	if j := strings.IndexByte(tail, '='); j >= 0 {
		return key, tail[j+1:], true
	}
	return key, "", true
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// fields reads typed values out of one decoded TOML table and reports what
// is missing or of the wrong kind on the key's line. bad records whether
// anything was reported, so the caller can skip the entry.
type fields struct {
	l    *loader
	path string
	m    map[string]any
	line func(key string) int
	bad  bool
	keys map[string]bool // keys with a problem reported
}

func (f *fields) problem(key, format string, args ...any) {
	f.bad = true
	if f.keys == nil {
		f.keys = map[string]bool{}
	}
	f.keys[key] = true
	f.l.add(f.path, f.line(key), format, args...)
}

// reported says whether a problem with key has been reported.
func (f *fields) reported(key string) bool { return f.keys[key] }

// unique reports an id already in seen (the line of its first use) as a
// duplicate, what naming the kind (意见征集, 活动), or records its line.
// An empty id has been reported already.
func (f *fields) unique(seen map[string]int, what, id string) {
	if n, dup := seen[id]; dup && id != "" {
		f.problem("id", "%s id %q 重复（第 %d 行已使用）", what, id, n)
	} else if id != "" {
		seen[id] = f.line("id")
	}
}

// unknown reports every key not in allowed, in line order.
func (f *fields) unknown(allowed ...string) {
	var extra []string
	for k := range f.m {
		found := false
		for _, a := range allowed {
			found = found || k == a
		}
		if !found {
			extra = append(extra, k)
		}
	}
	sort.Slice(extra, func(i, j int) bool {
		if a, b := f.line(extra[i]), f.line(extra[j]); a != b {
			return a < b
		}
		return extra[i] < extra[j]
	})
	for _, k := range extra {
		f.problem(k, "未知的键 %q（拼写错误？可用的键：%s）", k, strings.Join(allowed, ", "))
	}
}

// get returns key's value and whether it is there; a required key that
// is not there is a problem, hint saying what it should be (e.g. "（整数）").
func (f *fields) get(key string, required bool, hint string) (any, bool) {
	v, ok := f.m[key]
	if !ok && required {
		f.problem(key, "缺少必填项 %q%s", key, hint)
	}
	return v, ok
}

// typed returns key's value as a T. Absent (a problem when required) or
// of another kind (a problem saying it should be want) is ok false.
func typed[T any](f *fields, key string, required bool, hint, want string) (x T, ok bool) {
	v, ok := f.get(key, required, hint)
	if !ok {
		return x, false
	}
	if x, ok = v.(T); !ok {
		f.problem(key, "%q 应为%s，实际是%s", key, want, tomlKind(v))
	}
	return x, ok
}

// str returns a trimmed string value; "" when absent.
func (f *fields) str(key string, required bool) string {
	s, ok := typed[string](f, key, required, "", "文字（带引号的字符串）")
	if !ok {
		return ""
	}
	s = strings.TrimSpace(s)
	if s == "" && required {
		f.problem(key, "%q 不能为空", key)
	}
	return s
}

// id returns a required identifier: unique strings that other entries and
// the hub refer to, so no surrounding spaces or control characters.
func (f *fields) id(key string) string {
	raw, _ := f.m[key].(string)
	s := f.str(key, true)
	switch {
	case s == "":
	case raw != s:
		f.problem(key, "%q 前后不能有空格：%q", key, raw)
	case len(s) > 200:
		f.problem(key, "%q 太长（最多 200 字节）", key)
	case strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0:
		f.problem(key, "%q 含有控制字符", key)
	}
	return s
}

// strs returns a list of strings, trimmed, empty items dropped.
func (f *fields) strs(key string) []string {
	list, ok := typed[[]any](f, key, false, "", `列表，如 ["甲", "乙"]`)
	if !ok {
		return nil
	}
	var out []string
	for i, item := range list {
		s, ok := item.(string)
		if !ok {
			f.problem(key, "%q 的第 %d 项应为文字，实际是%s", key, i+1, tomlKind(item))
			continue
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// date returns a YYYY-MM-DD date given as a TOML date or a string.
func (f *fields) date(key string, required bool) string {
	v, ok := f.get(key, required, "（日期，格式 YYYY-MM-DD）")
	if !ok {
		return ""
	}
	d, msg := dateValue(v)
	if msg != "" {
		f.problem(key, "%q %s", key, msg)
	}
	return d
}

// dates returns a list of dates, each a TOML date or a string.
func (f *fields) dates(key string) []string {
	list, ok := typed[[]any](f, key, false, "", `日期列表，如 ["2026-01-01"]`)
	if !ok {
		return []string{}
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		d, msg := dateValue(item)
		if msg != "" {
			f.problem(key, "%q 的第 %d 项%s", key, i+1, msg)
			continue
		}
		out = append(out, d)
	}
	return out
}

// dateValue checks one date value; msg says what is wrong with it.
func dateValue(v any) (date, msg string) {
	switch x := v.(type) {
	case time.Time:
		if x.Location().String() != "date-local" {
			return "", "应为日期（YYYY-MM-DD），不要带时间"
		}
		return x.Format(domain.DateLayout), ""
	case string:
		s := strings.TrimSpace(x)
		t, err := time.Parse(domain.DateLayout, s)
		if err != nil || t.Format(domain.DateLayout) != s {
			return "", fmt.Sprintf("日期无效：%q，应为 YYYY-MM-DD 格式的真实日期，如 2021-08-25", x)
		}
		return s, ""
	default:
		return "", fmt.Sprintf("应为日期（YYYY-MM-DD），实际是%s", tomlKind(v))
	}
}

// datetime returns a moment given as a TOML offset date-time or an RFC 3339
// string; a time without an offset is ambiguous and rejected.
func (f *fields) datetime(key string, required bool) time.Time {
	v, ok := f.get(key, required, "（时间，如 2026-12-18T09:00:00+08:00）")
	if !ok {
		return time.Time{}
	}
	switch x := v.(type) {
	case time.Time:
		switch x.Location().String() {
		case "date-local", "datetime-local", "time-local":
			f.problem(key, "%q 应为带时区的时间，如 2026-12-18T09:00:00+08:00", key)
			return time.Time{}
		}
		return x
	case string:
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(x))
		if err != nil {
			f.problem(key, "%q 时间无效：%q，应如 2026-12-18T09:00:00+08:00", key, x)
			return time.Time{}
		}
		return t
	default:
		f.problem(key, "%q 应为带时区的时间，实际是%s", key, tomlKind(v))
		return time.Time{}
	}
}

// integer returns an integer value, or def when absent and not required.
func (f *fields) integer(key string, required bool, def int) int {
	n, ok := typed[int64](f, key, required, "（整数）", "整数")
	if !ok {
		return def
	}
	if n < -1<<31 || n > 1<<31-1 {
		f.problem(key, "%q 超出范围：%d", key, n)
		return def
	}
	return int(n)
}

// boolean returns a true/false value; false when absent.
func (f *fields) boolean(key string) bool {
	b, _ := typed[bool](f, key, false, "", "true 或 false（不带引号）")
	return b
}

// tomlKind names a decoded TOML value's kind in Chinese for messages.
func tomlKind(v any) string {
	switch x := v.(type) {
	case string:
		return "文字"
	case int64:
		return "整数"
	case float64:
		return "小数"
	case bool:
		return "true/false"
	case time.Time:
		switch x.Location().String() {
		case "date-local":
			return "日期"
		case "time-local":
			return "时刻"
		}
		return "日期时间"
	case []any:
		return "列表"
	case map[string]any:
		return "表"
	case []map[string]any:
		return "表数组"
	default:
		return fmt.Sprintf("%T", v)
	}
}
