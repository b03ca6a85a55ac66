package ime

import (
	"reflect"
	"slices"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/encoding/simplifiedchinese"
)

const pageSize = PageSize

func mustLoad(tb testing.TB) *Engine {
	tb.Helper()
	e, err := Load()
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func TestCandidatesIssueCases(t *testing.T) {
	e := mustLoad(t)
	for _, tc := range []struct {
		input string
		want  []string // every one must appear...
		limit int      // ...among the first limit candidates
	}{
		{"zhengfu", []string{"政府"}, 1},
		{"xinxigongkai", []string{"信息公开"}, 1},
		{"xxgk", []string{"信息公开"}, 5},
		{"xian", []string{"县", "西安"}, 2 * pageSize},
		{"lv", []string{"绿", "律"}, pageSize},
		// Beyond the issue: partial syllables, mixes, ü, common words.
		{"zhengf", []string{"政府"}, 1},
		{"xxgongkai", []string{"信息公开"}, 5},
		{"nv", []string{"女"}, 1},
		{"lue", []string{"略"}, pageSize},
		{"lve", []string{"略"}, pageSize},
		{"shenfenzheng", []string{"身份证"}, 1},
		{"sfz", []string{"身份证"}, 5},
		{"zhaoshengjihua", []string{"招生计划"}, 1},
		{"woxiangshenqinggongkai", []string{"我想申请公开"}, 1},
		{"yinhang", []string{"银行"}, 1},
		{"changcheng", []string{"长城"}, 1},
		{"chongqing", []string{"重庆"}, 1},
		{"zhang", []string{"张"}, 1},
		{"ZhengFu", []string{"政府"}, 1}, // upper case is read as lower
	} {
		got := e.Candidates(tc.input, tc.limit)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("Candidates(%q, %d) = %v, want %s among them", tc.input, tc.limit, got, w)
			}
		}
		if len(got) > tc.limit {
			t.Errorf("Candidates(%q, %d) returned %d", tc.input, tc.limit, len(got))
		}
	}
}

func TestWordsBeforeCharacters(t *testing.T) {
	e := mustLoad(t)
	for _, input := range []string{"zhengfu", "xinxi", "gongkai", "women"} {
		got := e.Lookup(input, 0)
		seenChar := false
		for _, c := range got {
			if utf8.RuneCountInString(c.Text) == 1 {
				seenChar = true
			} else if seenChar && c.Consumed == len(input) {
				t.Errorf("%s: whole word %s after a single character in %v", input, c.Text, got[:10])
			}
		}
	}
}

func TestSegment(t *testing.T) {
	e := mustLoad(t)
	for _, tc := range []struct {
		input string
		want  []string
	}{
		{"xinxigongkai", []string{"xin", "xi", "gong", "kai"}},
		{"xxgk", []string{"x", "x", "g", "k"}},
		{"xian", []string{"xian"}},
		{"zhengf", []string{"zheng", "f"}},
		{"xxgongkai", []string{"x", "x", "gong", "kai"}},
		{"lvse", []string{"lv", "se"}},
		{"iu", []string{"i", "u"}}, // unreadable letters stay single
		{"", nil},
	} {
		if got := e.Segment(tc.input); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Segment(%q) = %v, want %v", tc.input, got, tc.want)
		}
	}
}

func TestLookupConsumed(t *testing.T) {
	e := mustLoad(t)
	got := e.Lookup("zhengfuxinxi", 0)
	want := map[string]int{"政府信息": 12, "政府": 7, "政": 5}
	for _, c := range got {
		if n, ok := want[c.Text]; ok {
			if c.Consumed != n {
				t.Errorf("%s consumes %d letters, want %d", c.Text, c.Consumed, n)
			}
			delete(want, c.Text)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing %v in %v", want, got[:10])
	}
}

func TestPolyphonicCharacters(t *testing.T) {
	e := mustLoad(t)
	for _, tc := range []struct {
		char     string
		readings []string
	}{
		{"行", []string{"xing", "hang"}},
		{"长", []string{"chang", "zhang"}},
		{"重", []string{"zhong", "chong"}},
		{"乐", []string{"le", "yue"}},
		{"的", []string{"de", "di"}},
		// Name characters outside GB2312, reachable by paging.
		{"喆", []string{"zhe"}},
		{"堃", []string{"kun"}},
		{"玥", []string{"yue"}},
		{"镕", []string{"rong"}},
	} {
		for _, r := range tc.readings {
			if !slices.Contains(e.Candidates(r, 0), tc.char) {
				t.Errorf("%s is not among the candidates of %s", tc.char, r)
			}
		}
	}
}

// gb2312Level1 decodes GB2312 rows 16-55 (0xB0A1-0xD7F9): the 3,755
// characters of level 1.
func gb2312Level1(t *testing.T) []rune {
	t.Helper()
	dec := simplifiedchinese.GBK.NewDecoder()
	var out []rune
	for hi := 0xB0; hi <= 0xD7; hi++ {
		for lo := 0xA1; lo <= 0xFE; lo++ {
			if hi == 0xD7 && lo > 0xF9 {
				break
			}
			b, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			if err != nil {
				t.Fatal(err)
			}
			r, _ := utf8.DecodeRune(b)
			out = append(out, r)
		}
	}
	if len(out) != 3755 {
		t.Fatalf("decoded %d level-1 characters, want 3755", len(out))
	}
	return out
}

func TestEveryGB2312Level1CharacterReachable(t *testing.T) {
	e := mustLoad(t)
	lists := map[string]map[string]bool{}
	list := func(syllable string) map[string]bool {
		if m, ok := lists[syllable]; ok {
			return m
		}
		m := map[string]bool{}
		for _, c := range e.Candidates(syllable, 0) {
			m[c] = true
		}
		lists[syllable] = m
		return m
	}
	args := pinyin.NewArgs()
	args.Heteronym = true
	missing := 0
	for _, r := range gb2312Level1(t) {
		readings := pinyin.Pinyin(string(r), args)
		if len(readings) != 1 || len(readings[0]) == 0 {
			t.Errorf("go-pinyin has no reading for %c", r)
			continue
		}
		found := false
		for _, syllable := range readings[0] {
			if list(syllable)[string(r)] {
				found = true
				break
			}
		}
		if !found {
			missing++
			if missing <= 20 {
				t.Errorf("%c (%v) is not reachable from any of its readings", r, readings[0])
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of 3755 level-1 characters unreachable", missing)
	}
}

func TestEngineLearnsNothing(t *testing.T) {
	e := mustLoad(t)
	inputs := []string{"xian", "zhengfu", "xxgk", "lv", "zhangwei", "a"}
	before := map[string][]Candidate{}
	for _, in := range inputs {
		before[in] = e.Lookup(in, 0)
	}
	// Use the engine heavily, picking late candidates as a learning IME
	// would promote, and concurrently.
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				for _, in := range inputs {
					e.Candidates(in, 3)
				}
			}
		}()
	}
	wg.Wait()
	again, err := load(dictGz)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		if got := e.Lookup(in, 0); !reflect.DeepEqual(got, before[in]) {
			t.Errorf("Lookup(%q) changed after use", in)
		}
		if got := again.Lookup(in, 0); !reflect.DeepEqual(got, before[in]) {
			t.Errorf("Lookup(%q) differs from a freshly loaded engine", in)
		}
	}
}

func TestLoadRejectsDamagedDictionary(t *testing.T) {
	for name, data := range map[string][]byte{
		"not gzip":  []byte("GKIME1\n"),
		"truncated": dictGz[:len(dictGz)/2],
	} {
		if _, err := load(data); err == nil {
			t.Errorf("%s: load succeeded", name)
		}
	}
}

func TestNoInput(t *testing.T) {
	e := mustLoad(t)
	for _, in := range []string{"", "123", "，"} {
		if got := e.Candidates(in, 5); len(got) != 0 {
			t.Errorf("Candidates(%q) = %v, want none", in, got)
		}
	}
}
