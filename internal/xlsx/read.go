package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// ReadSheet returns the text of every cell of the sheet at index i (0 is
// the first) of a workbook this package wrote, row by row, with empty
// strings where a row has no cell. It reads inline strings and numbers
// only: it is for checking exports, not a general reader.
func ReadSheet(data []byte, i int) ([][]string, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	f, err := z.Open(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	body, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	var ws struct {
		Rows []struct {
			R     int `xml:"r,attr"`
			Cells []struct {
				R string `xml:"r,attr"`
				V string `xml:"v"`
				T string `xml:"is>t"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.Unmarshal(body, &ws); err != nil {
		return nil, err
	}
	var out [][]string
	for _, row := range ws.Rows {
		for len(out) < row.R {
			out = append(out, nil)
		}
		for _, c := range row.Cells {
			col, err := columnIndex(c.R)
			if err != nil {
				return nil, err
			}
			line := out[row.R-1]
			for len(line) <= col {
				line = append(line, "")
			}
			line[col] = c.T + c.V
			out[row.R-1] = line
		}
	}
	return out, nil
}

var cellRef = regexp.MustCompile(`^([A-Z]+)([0-9]+)$`)

func columnIndex(ref string) (int, error) {
	m := cellRef.FindStringSubmatch(ref)
	if m == nil {
		return 0, fmt.Errorf("xlsx: bad cell reference %q", ref)
	}
	n := 0
	for _, r := range m[1] {
		n = n*26 + int(r-'A'+1)
	}
	_, err := strconv.Atoi(m[2])
	return n - 1, err
}
