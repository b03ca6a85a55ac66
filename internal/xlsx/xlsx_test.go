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

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := xlsx.ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %s, want %s", i, got, want)
		}
	}
}

// TestRoundTrip: what is written reads back, every part is well-formed
// XML, and text that looks like a formula stays text.
func TestRoundTrip(t *testing.T) {
	var b bytes.Buffer
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	err := xlsx.Write(&b, at,
		xlsx.Sheet{Name: "台账: 2026/03", Widths: []float64{20, 0, 8}, FreezeRow: 1, Merges: []string{"A3:B3"}, Rows: [][]xlsx.Cell{
			{xlsx.Bold("受理编号"), xlsx.Bold("申请人"), xlsx.Bold("天数")},
			{xlsx.Text("GK-1"), xlsx.Text(`=HYPERLINK("x")<&>` + "\x01"), xlsx.Int(12)},
			{xlsx.Text("合计")},
		}},
		xlsx.Sheet{Name: "", Rows: [][]xlsx.Cell{{xlsx.Int(-3)}}})
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
		if f.Name == "xl/workbook.xml" && !strings.Contains(string(body), `name="台账_ 2026_03"`) || strings.Contains(string(body), "<f>") {
			t.Errorf("%s: %s", f.Name, body)
		}
	}
}
