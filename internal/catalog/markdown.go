package catalog

import (
	"strconv"
	"strings"

	"gongkai/internal/domain"
)

// BodyMarkdown writes a structured body back as the Markdown ParseBody
// reads, so that a document published from the console, or imported from
// a directory, can be edited as text again: ParseBody(BodyMarkdown(b))
// gives b back. Marks that would change the meaning are escaped with '\'.
func BodyMarkdown(blocks []domain.Block) string {
	var b strings.Builder
	for i, bl := range blocks {
		if i > 0 {
			b.WriteString("\n")
		}
		switch bl.Kind {
		case domain.BlockHeading:
			level := min(max(bl.Level, 1), 6)
			b.WriteString(strings.Repeat("#", level) + " " + escapeInline(bl.Text, "#") + "\n")
		case domain.BlockParagraph:
			b.WriteString(escapeStart(escapeInline(bl.Text, "")) + "\n")
		case domain.BlockList:
			for n, item := range bl.Items {
				marker := "- "
				if bl.Ordered {
					marker = strconv.Itoa(n+1) + ". "
				}
				b.WriteString(marker + escapeStart(escapeInline(item, "")) + "\n")
			}
		case domain.BlockTable:
			for r, row := range bl.Rows {
				b.WriteString("|")
				for _, cell := range row {
					b.WriteString(" " + escapeInline(cell, "|") + " |")
				}
				b.WriteString("\n")
				if r == 0 {
					b.WriteString("|" + strings.Repeat("---|", len(row)) + "\n")
				}
			}
		}
	}
	return b.String()
}

// escapeInline escapes the marks the inline reader removes ('\', '*',
// '`') and the extra characters given.
func escapeInline(s, extra string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '\\' || r == '*' || r == '`' || (r < 0x80 && strings.ContainsRune(extra, r)) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// escapeStart escapes a line start the block reader would take for a
// heading, list item, quote, table, fence or rule.
func escapeStart(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '-', '+', '>', '=', '|', '~', '_':
		return `\` + s
	}
	j := 0
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j > 0 && j < len(s) && (s[j] == '.' || s[j] == ')') {
		return s[:j] + `\` + s[j:]
	}
	return s
}

// EscapeMarkdown escapes text to be read back by ParseBody as it is, as
// a paragraph or a list item's content.
func EscapeMarkdown(s string) string { return escapeStart(escapeInline(s, "")) }
