package publish

import "testing"

// TestParseScan: the door reads a receipt QR's URL (with or without the
// tracking number's dashes, as receipt.StatusURL writes it) or a typed
// number and code; anything else is refused.
func TestParseScan(t *testing.T) {
	for in, want := range map[string][2]string{
		"http://hub.example:8440/s/000126030200012?c=AB12CD34": {"0001-260302-0001-2", "AB12CD34"},
		"  https://x/gk/s/0001-260302-0001-2?c=AB12CD34\r\n":   {"0001-260302-0001-2", "AB12CD34"},
		"0001-260302-0001-2 AB12CD34":                          {"0001-260302-0001-2", "AB12CD34"},
		"0001-260302-0001-2 4829 1375":                         {"0001-260302-0001-2", "48291375"}, // typed as printed, in groups
		"0001-260302-0001-2":                                   {},
		"http://hub/s/000126030200012":                         {},
		"hello world":                                          {},
		"":                                                     {},
	} {
		trk, code, ok := ParseScan(in)
		if ok != (want[0] != "") || trk != want[0] || code != want[1] {
			t.Errorf("ParseScan(%q) = %q %q %v, want %q", in, trk, code, ok, want)
		}
	}
}
