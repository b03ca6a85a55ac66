// Package xlsx writes small Office Open XML spreadsheets (.xlsx) with the
// standard library alone: text and number cells, a bold style, column
// widths, merged cells and a frozen header row. It is what the console's
// exports (the register, the annual report table) need and no more, and
// it reads back the text of what it wrote, for tests.
//
// Text goes into inline strings, never formulas, so a cell that starts
// with "=" stays text in a spreadsheet program.
package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Cell is one cell: text, or a number when IsNum.
type Cell struct {
	Text  string
	Num   float64
	IsNum bool
	Bold  bool
}

// Text returns a text cell.
func Text(s string) Cell { return Cell{Text: s} }

// Bold returns a bold text cell, for headings.
func Bold(s string) Cell { return Cell{Text: s, Bold: true} }

// Int returns a number cell.
func Int(n int) Cell { return Cell{Num: float64(n), IsNum: true} }

// Sheet is one worksheet.
type Sheet struct {
	Name      string    // 1 to 31 characters, without []:*?/\ (Write refuses others)
	Rows      [][]Cell  // row by row
	Widths    []float64 // column widths in characters; 0 leaves the default
	Merges    []string  // ranges such as "A1:D1"
	FreezeRow int       // rows kept in view when scrolling (1: the header)
}

// Write writes a workbook with the sheets to w. modified is the
// document's date (from the caller's clock).
func Write(w io.Writer, modified time.Time, sheets ...Sheet) error {
	if len(sheets) == 0 {
		return fmt.Errorf("xlsx: no sheets")
	}
	for _, s := range sheets {
		if err := checkName(s.Name); err != nil {
			return err
		}
	}
	z := zip.NewWriter(w)
	files := []struct {
		name string
		body func(io.Writer) error
	}{
		{"[Content_Types].xml", func(w io.Writer) error { return contentTypes(w, len(sheets)) }},
		{"_rels/.rels", str(rootRels)},
		{"docProps/core.xml", str(fmt.Sprintf(coreXML, modified.UTC().Format(time.RFC3339)))},
		{"xl/workbook.xml", func(w io.Writer) error { return workbook(w, sheets) }},
		{"xl/_rels/workbook.xml.rels", func(w io.Writer) error { return workbookRels(w, len(sheets)) }},
		{"xl/styles.xml", str(stylesXML)},
	}
	for _, f := range files {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		if err := f.body(fw); err != nil {
			return err
		}
	}
	for i, s := range sheets {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		if err := sheetXML(fw, s); err != nil {
			return err
		}
	}
	return z.Close()
}

func str(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const rootRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const coreXML = xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
	`xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
	`<dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified></cp:coreProperties>`

// stylesXML has two cell formats: 0 plain, 1 bold; both wrap text.
const stylesXML = xmlHeader + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="2"><border/><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="2">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>` +
	`</cellXfs></styleSheet>`

func contentTypes(w io.Writer, n int) error {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i)
	}
	b.WriteString(`</Types>`)
	_, err := io.WriteString(w, b.String())
	return err
}

func workbook(w io.Writer, sheets []Sheet) error {
	var b strings.Builder
	b.WriteString(xmlHeader + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	seen := map[string]bool{}
	for i, s := range sheets {
		name := s.Name
		if seen[name] {
			return fmt.Errorf("xlsx: two sheets named %q", name)
		}
		seen[name] = true
		fmt.Fprintf(&b, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, esc(name), i+1, i+1)
	}
	b.WriteString(`</sheets></workbook>`)
	_, err := io.WriteString(w, b.String())
	return err
}

func checkName(name string) error {
	if name == "" || utf8.RuneCountInString(name) > 31 || strings.ContainsAny(name, `[]:*?/\`) {
		return fmt.Errorf("xlsx: sheet name %q: 1-31 characters without []:*?/\\", name)
	}
	return nil
}

func workbookRels(w io.Writer, n int) error {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i, i)
	}
	fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, n+1)
	b.WriteString(`</Relationships>`)
	_, err := io.WriteString(w, b.String())
	return err
}

func sheetXML(w io.Writer, s Sheet) error {
	var b strings.Builder
	b.WriteString(xmlHeader + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	if s.FreezeRow > 0 {
		fmt.Fprintf(&b, `<sheetViews><sheetView workbookViewId="0"><pane ySplit="%d" topLeftCell="A%d" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`,
			s.FreezeRow, s.FreezeRow+1)
	}
	if len(s.Widths) > 0 {
		b.WriteString(`<cols>`)
		for i, wd := range s.Widths {
			if wd > 0 {
				fmt.Fprintf(&b, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1, strconv.FormatFloat(wd, 'f', -1, 64))
			}
		}
		b.WriteString(`</cols>`)
	}
	b.WriteString(`<sheetData>`)
	for r, row := range s.Rows {
		fmt.Fprintf(&b, `<row r="%d">`, r+1)
		for c, cell := range row {
			ref := CellRef(c, r)
			style := 0
			if cell.Bold {
				style = 1
			}
			if cell.IsNum {
				fmt.Fprintf(&b, `<c r="%s" s="%d"><v>%s</v></c>`, ref, style, strconv.FormatFloat(cell.Num, 'f', -1, 64))
			} else {
				fmt.Fprintf(&b, `<c r="%s" s="%d" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, style, esc(cell.Text))
			}
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData>`)
	if len(s.Merges) > 0 {
		fmt.Fprintf(&b, `<mergeCells count="%d">`, len(s.Merges))
		for _, m := range s.Merges {
			fmt.Fprintf(&b, `<mergeCell ref="%s"/>`, esc(m))
		}
		b.WriteString(`</mergeCells>`)
	}
	b.WriteString(`<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`)
	b.WriteString(`<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>`)
	b.WriteString(`</worksheet>`)
	_, err := io.WriteString(w, b.String())
	return err
}

// CellRef returns the A1 reference of zero-based column col and row row.
func CellRef(col, row int) string { return column(col) + strconv.Itoa(row+1) }

// column is a zero-based column's letters: 0 A, 25 Z, 26 AA.
func column(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// esc escapes text for XML and drops characters XML 1.0 cannot hold.
func esc(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r != 0xFFFE && r != 0xFFFF && !(r >= 0xD800 && r <= 0xDFFF)) {
			return r
		}
		return -1
	}, s)
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
