package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
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
