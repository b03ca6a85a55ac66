package foi

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Match is an earlier case that a new one may repeat: the same applicant
// asking for substantially the same information (Art. 36 (6): 重复申请,
// annual report 不予处理·2).
type Match struct {
	ID       string  `json:"id"`
	Tracking string  `json:"tracking,omitempty"`
	Summary  string  `json:"summary"`
	Outcome  string  `json:"outcome,omitempty"`
	Signed   string  `json:"signed,omitempty"` // the earlier reply's date
	Score    float64 `json:"score"`            // 0..1 similarity of the requests
}

// RepeatThreshold is the similarity from which two requests count as
// substantially the same.
const RepeatThreshold = 0.6

// Similarity scores how alike two requests are, 0 to 1: 1 for the same
// document number, else the Dice coefficient of the character bigrams of
// their names and descriptions with spaces, punctuation and full-width
// forms folded away (Chinese has no word breaks; bigrams catch reordered
// and lightly reworded requests).
func Similarity(a, b Request) float64 {
	if da, db := fold(a.DocNo), fold(b.DocNo); da != "" && da == db {
		return 1
	}
	ga, gb := bigrams(fold(a.InfoName+a.Description)), bigrams(fold(b.InfoName+b.Description))
	if len(ga) == 0 || len(gb) == 0 {
		return 0
	}
	common := 0
	for g := range ga {
		if gb[g] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(ga)+len(gb))
}

func fold(s string) string {
	s = strings.ToLower(width.Narrow.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return r
	}, s)
}

func bigrams(s string) map[string]bool {
	rs := []rune(s)
	out := make(map[string]bool, len(rs))
	if len(rs) == 1 {
		out[s] = true
	}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])] = true
	}
	return out
}

// Repeats returns, best first, the cases among earlier (the same
// applicant's other cases) that c may repeat: answered before c was
// received (a request still open is not yet "already answered") and
// similar enough.
func Repeats(c *Case, earlier []*Case) []Match {
	var out []Match
	for _, e := range earlier {
		if e.ID == c.ID || !e.Answered() || e.Reply.Signed.After(c.Received) {
			continue
		}
		if e.Applicant.Key() != c.Applicant.Key() {
			continue
		}
		score := Similarity(c.Request, e.Request)
		if score < RepeatThreshold {
			continue
		}
		out = append(out, Match{ID: e.ID, Tracking: e.Tracking, Summary: e.Request.Summary(), Outcome: e.Reply.Outcome,
			Signed: e.Reply.Signed.String(), Score: score})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}
