package uitest

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"gongkai/internal/ui/keyboard"
)

// TapKeys taps the on-screen keyboard's key for each letter of s, failing
// when the layout shown has none.
func TapKeys(t testing.TB, kb *keyboard.Keyboard, s string) {
	t.Helper()
	for _, r := range s {
		k := kb.Key(string(r))
		if k == nil {
			t.Fatalf("no key %q in layout %v", r, kb.Layout())
		}
		test.Tap(k)
	}
}

// PickHanzi types pinyin and taps the candidate want, looking through up
// to pages pages of candidates as a visitor would; it fails when want is
// not among them.
func PickHanzi(t testing.TB, kb *keyboard.Keyboard, pinyin, want string, pages int) {
	t.Helper()
	TapKeys(t, kb, pinyin)
	for page := 0; page < pages; page++ {
		for i, c := range kb.Candidates() {
			if c == want {
				test.Tap(kb.Candidate(i))
				return
			}
		}
		if page+1 < pages {
			test.Tap(kb.Key(keyboard.KeyNextPage))
		}
	}
	t.Fatalf("%s: %q is not offered in %d pages of candidates (last %v)", pinyin, want, pages, kb.Candidates())
}
