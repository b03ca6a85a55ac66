package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/internal/xlsx"
)

type sheetDoc struct {
	Rows []struct {
		R     int `xml:"r,attr"`
		Cells []struct {
			R  string `xml:"r,attr"`
			T  string `xml:"t,attr"`
			S  string `xml:"s,attr"`
			V  string `xml:"v"`
			IS string `xml:"is>t"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
	Merges []struct {
		Ref string `xml:"ref,attr"`
	} `xml:"mergeCells>mergeCell"`
}

// TestWrite writes a workbook and reads every part back as XML.
func TestWrite(t *testing.T) {
	var buf bytes.Buffer
	sheet := xlsx.Sheet{Name: "年度报告", Widths: []float64{40, 10},
		Rows:   [][]xlsx.Cell{{xlsx.Bold("项目 <&> “三安全一稳定”"), xlsx.Text("自然人")}, {xlsx.Text("一、本年新收"), xlsx.Int(12)}},
		Merges: []string{"A1:A2"}}
	at := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	if err := xlsx.Write(&buf, at, sheet); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var doc sheetDoc
	names := map[string]bool{}
	for _, f := range z.File {
		names[f.Name] = true
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		var v any
		if err := xml.Unmarshal(b, &v); err != nil && err != io.EOF {
			t.Errorf("%s is not XML: %v", f.Name, err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			if err := xml.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, n := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} {
		if !names[n] {
			t.Errorf("missing part %s", n)
		}
	}
	if len(doc.Rows) != 2 || len(doc.Rows[0].Cells) != 2 {
		t.Fatalf("rows: %+v", doc.Rows)
	}
	if c := doc.Rows[0].Cells[0]; c.R != "A1" || c.T != "inlineStr" || c.S != "1" || c.IS != "项目 <&> “三安全一稳定”" {
		t.Errorf("A1: %+v", c)
	}
	if c := doc.Rows[1].Cells[1]; c.R != "B2" || c.T != "" || c.V != "12" {
		t.Errorf("B2: %+v", c)
	}
	if len(doc.Merges) != 1 || doc.Merges[0].Ref != "A1:A2" {
		t.Errorf("merges: %+v", doc.Merges)
	}
	var again bytes.Buffer
	xlsx.Write(&again, at, sheet)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("the same workbook written twice differs")
	}
	if err := xlsx.Write(io.Discard, at, xlsx.Sheet{Name: "a/b"}); err == nil {
		t.Error("a sheet name with / was accepted")
	}
}

func TestCellRef(t *testing.T) {
	for _, tt := range []struct {
		col, row int
		want     string
	}{{0, 0, "A1"}, {25, 9, "Z10"}, {26, 0, "AA1"}, {51, 0, "AZ1"}, {52, 1, "BA2"}, {701, 0, "ZZ1"}, {702, 0, "AAA1"}} {
		if got := xlsx.CellRef(tt.col, tt.row); got != tt.want {
			t.Errorf("CellRef(%d, %d) = %s, want %s", tt.col, tt.row, got, tt.want)
		}
	}
}

// TestRoundTrip: what is written reads back, every part is well-formed
// XML, and text that looks like a formula stays text.
func TestRoundTrip(t *testing.T) {
	var b bytes.Buffer
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	err := xlsx.Write(&b, at,
		xlsx.Sheet{Name: "台账 2026-03", Widths: []float64{20, 0, 8}, FreezeRow: 1, Merges: []string{"A3:B3"}, Rows: [][]xlsx.Cell{
			{xlsx.Bold("受理编号"), xlsx.Bold("申请人"), xlsx.Bold("天数")},
			{xlsx.Text("GK-1"), xlsx.Text(`=HYPERLINK("x")<&>` + "\x01"), xlsx.Int(12)},
			{xlsx.Text("合计")},
		}},
		xlsx.Sheet{Name: "第二页", Rows: [][]xlsx.Cell{{xlsx.Int(-3)}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := xlsx.ReadSheet(b.Bytes(), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"受理编号", "申请人", "天数"}, {"GK-1", `=HYPERLINK("x")<&>`, "12"}, {"合计"}}
	if len(got) != len(want) {
		t.Fatalf("rows = %q", got)
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d = %q, want %q", i+1, got[i], want[i])
		}
	}
	if got, _ := xlsx.ReadSheet(b.Bytes(), 1); len(got) != 1 || got[0][0] != "-3" {
		t.Errorf("sheet 2 = %q", got)
	}
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		r, _ := f.Open()
		body, _ := io.ReadAll(r)
		r.Close()
		d := xml.NewDecoder(bytes.NewReader(body))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s is not well-formed: %v", f.Name, err)
				break
			}
		}
		if f.Name == "xl/workbook.xml" && !strings.Contains(string(body), `name="台账 2026-03"`) || strings.Contains(string(body), "<f>") {
			t.Errorf("%s: %s", f.Name, body)
		}
	}
}
