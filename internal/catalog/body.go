package catalog

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai/internal/domain"
)

// ParseBody turns a document's Markdown body into the structured blocks a
// kiosk renders: headings, paragraphs, lists and pipe tables. It handles the
// Markdown that agencies' documents use, not all of CommonMark, and it never
// fails: any text becomes some blocks.
//
// Consecutive lines join into one paragraph (or list item) without a space
// between Chinese characters and with one between Latin words. Inline
// emphasis (*, **) and code marks (`) are dropped and their text kept.
// The block model has no nesting, so an indented sub-list's items follow
// their parent item in the same list, each prefixed with its own marker
// ("1. " or "· "). Fenced code becomes a paragraph with its lines kept.
func ParseBody(src string) []domain.Block {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	lines := strings.Split(src, "\n")
	p := &bodyParser{}
	for i := 0; i < len(lines); i++ {
		i = p.line(lines, i)
	}
	p.closeFence()
	p.closeAll()
	return p.blocks
}

// bodyParser is a line-at-a-time block parser; at most one of para, list
// and table is open at a time, or fence alone.
type bodyParser struct {
	blocks []domain.Block
	para   []string
	list   *openList
	table  *domain.Block
	fence  *openFence
}

type openList struct {
	ordered bool
	indent  int // indent of the list's own (top-level) markers
	items   []string
	cur     []string // lines of the item being read
	prefix  string   // marker kept in front of a nested item
	open    bool     // cur is an item being read
	blank   bool     // a blank line came after the last line read
}

type openFence struct {
	char   byte
	n      int
	indent int
	lines  []string
}

// line consumes lines[i] (and sometimes the next line too) and returns the
// index of the last line consumed.
func (p *bodyParser) line(lines []string, i int) int {
	raw := lines[i]
	if p.fence != nil {
		if ind, text := leading(raw); ind <= 3 && isFenceClose(text, p.fence) {
			p.closeFence()
		} else {
			p.fence.lines = append(p.fence.lines, stripIndent(raw, p.fence.indent))
		}
		return i
	}
	indent, text := leading(raw)
	if isBlank(text) {
		p.blankLine()
		return i
	}
	if p.table != nil {
		if hasPipe(text) {
			p.table.Rows = append(p.table.Rows, fitRow(splitRow(text), len(p.table.Rows[0])))
			return i
		}
		p.closeTable()
	}
	block := indent <= 3 // block markers may be indented at most three columns
	if c, n := fenceOpen(text); block && n > 0 {
		p.closeAll()
		p.fence = &openFence{char: c, n: n, indent: indent}
		return i
	}
	if level, t, ok := atxHeading(text); block && ok {
		p.closeAll()
		p.heading(level, t)
		return i
	}
	if block && p.para != nil && onlyRune(text, '=') {
		p.heading(1, joinLines(p.para))
		p.para = nil
		return i
	}
	if block && isThematicBreak(text) {
		if p.para != nil && onlyRune(text, '-') {
			p.heading(2, joinLines(p.para))
			p.para = nil
			return i
		}
		p.closeAll()
		return i
	}
	if hasPipe(text) && i+1 < len(lines) {
		if header := splitRow(text); isDelimiterRow(lines[i+1], len(header)) {
			p.closeAll()
			p.table = &domain.Block{Kind: domain.BlockTable, Rows: [][]string{header}}
			return i + 1
		}
	}
	if ordered, num, content, ok := listMarker(text); ok {
		if p.listItem(indent, ordered, num, content) {
			return i
		}
	}
	if strings.HasPrefix(text, ">") {
		text = strings.TrimLeft(text, "> \t")
		if isBlank(text) {
			p.blankLine()
			return i
		}
	}
	if l := p.list; l != nil {
		if !l.blank || indent >= l.indent+2 {
			l.cur = append(l.cur, text)
			l.open, l.blank = true, false
			return i
		}
		p.closeList()
	}
	p.para = append(p.para, text)
	return i
}

// blankLine ends a paragraph or table; a list stays open, since its next
// item may follow after a blank line.
func (p *bodyParser) blankLine() {
	p.closePara()
	p.closeTable()
	if p.list != nil {
		p.list.blank = true
	}
}

// listItem starts a list item; false means the line is paragraph text
// after all (an ordered item other than 1, or an empty one, cannot
// interrupt a paragraph: "2021. 年度" inside prose stays prose).
func (p *bodyParser) listItem(indent int, ordered bool, num int, content string) bool {
	l := p.list
	if l == nil && p.para != nil && ((ordered && num != 1) || content == "") {
		return false
	}
	switch {
	case l != nil && indent >= l.indent+2:
		l.flush()
		if ordered {
			l.prefix = strconv.Itoa(num) + ". "
		} else {
			l.prefix = "· "
		}
	case l != nil && ordered == l.ordered:
		l.flush()
	default:
		p.closeAll()
		l = &openList{ordered: ordered, indent: indent}
		p.list = l
	}
	l.cur = append(l.cur, content)
	l.open, l.blank = true, false
	return true
}

// flush ends the item being read.
func (l *openList) flush() {
	if l.open {
		if t := inline(joinLines(l.cur)); t != "" {
			l.items = append(l.items, l.prefix+t)
		}
	}
	l.cur, l.prefix, l.open = l.cur[:0], "", false
}

func (p *bodyParser) heading(level int, text string) {
	if t := inline(text); t != "" {
		p.blocks = append(p.blocks, domain.Block{Kind: domain.BlockHeading, Level: level, Text: t})
	}
}

func (p *bodyParser) closeAll() {
	p.closePara()
	p.closeList()
	p.closeTable()
}

func (p *bodyParser) closePara() {
	if p.para == nil {
		return
	}
	if t := inline(joinLines(p.para)); t != "" {
		p.blocks = append(p.blocks, domain.Block{Kind: domain.BlockParagraph, Text: t})
	}
	p.para = nil
}

func (p *bodyParser) closeList() {
	l := p.list
	if l == nil {
		return
	}
	l.flush()
	if len(l.items) > 0 {
		p.blocks = append(p.blocks, domain.Block{Kind: domain.BlockList, Ordered: l.ordered, Items: l.items})
	}
	p.list = nil
}

func (p *bodyParser) closeTable() {
	if p.table != nil {
		p.blocks = append(p.blocks, *p.table)
		p.table = nil
	}
}

func (p *bodyParser) closeFence() {
	f := p.fence
	if f == nil {
		return
	}
	for len(f.lines) > 0 && isBlank(f.lines[len(f.lines)-1]) {
		f.lines = f.lines[:len(f.lines)-1]
	}
	if t := strings.Join(f.lines, "\n"); !isBlank(t) {
		p.blocks = append(p.blocks, domain.Block{Kind: domain.BlockParagraph, Text: t})
	}
	p.fence = nil
}

// inline returns the plain text of a line or paragraph, trimmed.
func inline(s string) string { return strings.TrimFunc(plain(s), unicode.IsSpace) }

// leading returns a line's indent in columns (tabs stop every 4) and the
// rest of the line without trailing blanks.
func leading(s string) (indent int, rest string) {
	i := 0
	for ; i < len(s); i++ {
		if s[i] == ' ' {
			indent++
		} else if s[i] == '\t' {
			indent += 4 - indent%4
		} else {
			break
		}
	}
	return indent, strings.TrimRight(s[i:], " \t")
}

// stripIndent removes up to n columns of leading spaces.
func stripIndent(s string, n int) string {
	for n > 0 && strings.HasPrefix(s, " ") {
		s, n = s[1:], n-1
	}
	return s
}

func isBlank(s string) bool { return strings.TrimFunc(s, unicode.IsSpace) == "" }

// onlyRune reports whether s is one or more c and nothing else.
func onlyRune(s string, c byte) bool {
	return s != "" && strings.Trim(s, string(c)) == ""
}

func fenceOpen(s string) (char byte, n int) {
	if s == "" || (s[0] != '`' && s[0] != '~') {
		return 0, 0
	}
	for n < len(s) && s[n] == s[0] {
		n++
	}
	if n < 3 || (s[0] == '`' && strings.Contains(s[n:], "`")) {
		return 0, 0
	}
	return s[0], n
}

func isFenceClose(s string, f *openFence) bool {
	n := 0
	for n < len(s) && s[n] == f.char {
		n++
	}
	return n >= f.n && strings.TrimSpace(s[n:]) == ""
}

// atxHeading parses "## 标题 ##".
func atxHeading(s string) (level int, text string, ok bool) {
	for level < len(s) && s[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || (level < len(s) && s[level] != ' ' && s[level] != '\t') {
		return 0, "", false
	}
	text = strings.TrimSpace(s[level:])
	if t := strings.TrimRight(text, "#"); t == "" || strings.HasSuffix(t, " ") || strings.HasSuffix(t, "\t") {
		text = strings.TrimSpace(t)
	}
	return level, text, true
}

// isThematicBreak reports a line of three or more '-', '*' or '_' (spaces
// between allowed), which ends blocks and shows nothing.
func isThematicBreak(s string) bool {
	if s == "" || (s[0] != '-' && s[0] != '*' && s[0] != '_') {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case s[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// listMarker parses "- 项", "* 项", "+ 项", "1. 项" and "1) 项".
func listMarker(s string) (ordered bool, num int, content string, ok bool) {
	if s == "" {
		return false, 0, "", false
	}
	if c := s[0]; c == '-' || c == '*' || c == '+' {
		rest := s[1:]
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			return false, 0, "", false
		}
		return false, 0, strings.TrimLeft(rest, " \t"), true
	}
	j := 0
	for j < len(s) && j < 10 && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == 0 || j > 9 || j == len(s) || (s[j] != '.' && s[j] != ')') {
		return false, 0, "", false
	}
	rest := s[j+1:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return false, 0, "", false
	}
	num, _ = strconv.Atoi(s[:j])
	return true, num, strings.TrimLeft(rest, " \t"), true
}

// hasPipe reports an unescaped '|'.
func hasPipe(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '|':
			return true
		}
	}
	return false
}

// splitRow splits a pipe-table row into trimmed cells, outer pipes
// optional. Escaped pipes stay in the cell as text.
func splitRow(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	if strings.HasSuffix(s, "|") {
		bs := 0
		for k := len(s) - 2; k >= 0 && s[k] == '\\'; k-- {
			bs++
		}
		if bs%2 == 0 {
			s = s[:len(s)-1]
		}
	}
	var cells []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, s[start:i])
			start = i + 1
		}
	}
	cells = append(cells, s[start:])
	for i, c := range cells {
		cells[i] = inline(c)
	}
	return cells
}

// isDelimiterRow reports a row like "|---|:---:|" with n cells.
func isDelimiterRow(s string, n int) bool {
	if _, t := leading(s); !hasPipe(t) {
		return false
	}
	cells := splitRow(s)
	if len(cells) != n {
		return false
	}
	for _, c := range cells {
		c = strings.TrimSuffix(strings.TrimPrefix(c, ":"), ":")
		if !onlyRune(c, '-') {
			return false
		}
	}
	return true
}

// fitRow pads or cuts a body row to the header's width, as GitHub does.
func fitRow(cells []string, n int) []string {
	for len(cells) < n {
		cells = append(cells, "")
	}
	return cells[:n]
}

// joinLines joins a paragraph's lines: no space where either side is a
// Chinese character or full-width punctuation, one space between Latin
// words. Leading full-width spaces (the customary paragraph indent) go.
func joinLines(lines []string) string {
	var b strings.Builder
	for _, ln := range lines {
		ln = strings.TrimFunc(ln, unicode.IsSpace)
		if ln == "" {
			continue
		}
		if b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(ln)
			if !isWide(last) && !isWide(first) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(ln)
	}
	return b.String()
}

// isWide reports runes of Chinese, Japanese and Korean text and their
// punctuation, which are written without spaces between them.
func isWide(r rune) bool {
	switch {
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo):
		return true
	case r >= 0x2010 && r <= 0x2027, // dashes, quotes, ellipsis
		r >= 0x2E80 && r <= 0x303F, // radicals, CJK symbols and punctuation
		r >= 0x3200 && r <= 0x33FF, // enclosed and compatibility
		r >= 0xFE30 && r <= 0xFE4F, // compatibility forms
		r >= 0xFF00 && r <= 0xFFEF: // full-width forms
		return true
	}
	return false
}
