package ime

import (
	"slices"
	"strings"
)

// maxPiece is the longest syllable ("zhuang", "chuang", "shuang").
const maxPiece = 6

// keepSegmentations bounds the alternative segmentations kept per suffix
// of the input, so that long or abbreviated input stays cheap.
const keepSegmentations = 6

// piece is one segment of the input: a full syllable, a prefix standing
// for every syllable that starts with it (an abbreviation such as "x" or
// the unfinished "zhen"), or a raw letter that no syllable can start with.
type piece struct {
	text string
	full bool
	raw  bool
	set  *sylSet // syllables the piece stands for; nil for raw
	id   uint16  // the syllable, when full
}

// segmentation is one way to cut the input into pieces.
type segmentation struct {
	pieces   []piece
	partials int // pieces that are prefixes, not whole syllables
	raws     int
}

// less orders segmentations by preference: no unreadable letters, fewer
// abbreviated pieces, fewer pieces, then longer pieces first.
func (a segmentation) less(b segmentation) bool {
	if a.raws != b.raws {
		return a.raws < b.raws
	}
	if a.partials != b.partials {
		return a.partials < b.partials
	}
	if len(a.pieces) != len(b.pieces) {
		return len(a.pieces) < len(b.pieces)
	}
	for i := range a.pieces {
		if la, lb := len(a.pieces[i].text), len(b.pieces[i].text); la != lb {
			return la > lb
		}
	}
	return false
}

// Segment returns the preferred reading of input as pinyin syllables,
// e.g. "xinxigongkai" → [xin xi gong kai] and "xxgk" → [x x g k], for the
// keyboard's composition line (join with "'"). Letters no syllable can
// start with stay as one-letter pieces.
func (e *Engine) Segment(input string) []string {
	segs := e.segment(normalize(input))
	if len(segs) == 0 {
		return nil
	}
	out := make([]string, len(segs[0].pieces))
	for i, p := range segs[0].pieces {
		out[i] = p.text
	}
	return out
}

// normalize keeps the lower-case letters of input, reading upper case as
// lower and ü as v.
func normalize(input string) string {
	var b strings.Builder
	for _, r := range input {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r == 'ü' || r == 'Ü':
			b.WriteByte('v')
		}
	}
	return b.String()
}

// segment returns the best segmentations of input, best first. A
// full-syllable piece stands only for itself (so "xian" is 县 or 西安,
// not 想), any other readable piece for every syllable it begins.
func (e *Engine) segment(input string) []segmentation {
	n := len(input)
	if n == 0 {
		return nil
	}
	// best[i] holds the preferred segmentations of input[i:].
	best := make([][]segmentation, n+1)
	best[n] = []segmentation{{}}
	for i := n - 1; i >= 0; i-- {
		var cands []segmentation
		for l := 1; l <= maxPiece && i+l <= n; l++ {
			p, ok := e.piece(input[i : i+l])
			if !ok {
				continue
			}
			for _, rest := range best[i+l] {
				s := segmentation{
					pieces:   append([]piece{p}, rest.pieces...),
					partials: rest.partials,
					raws:     rest.raws,
				}
				if !p.full {
					s.partials++
				}
				cands = append(cands, s)
			}
		}
		if len(cands) == 0 { // nothing readable starts here
			for _, rest := range best[i+1] {
				cands = append(cands, segmentation{
					pieces:   append([]piece{{text: input[i : i+1], raw: true}}, rest.pieces...),
					partials: rest.partials,
					raws:     rest.raws + 1,
				})
			}
		}
		slices.SortStableFunc(cands, func(a, b segmentation) int {
			if a.less(b) {
				return -1
			} else if b.less(a) {
				return 1
			}
			return 0
		})
		if len(cands) > keepSegmentations {
			cands = cands[:keepSegmentations]
		}
		best[i] = cands
	}
	return best[0]
}

// piece reads s as one piece: a full syllable if it is one, else a prefix.
func (e *Engine) piece(s string) (piece, bool) {
	if id, ok := e.full[s]; ok {
		set := &sylSet{}
		set.add(id)
		return piece{text: s, full: true, set: set, id: id}, true
	}
	if set, ok := e.prefix[s]; ok {
		return piece{text: s, set: set}, true
	}
	return piece{}, false
}
