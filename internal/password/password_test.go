package password

import (
	"strings"
	"testing"
)

func TestHashAndMatch(t *testing.T) {
	h, err := Hash("correct horse", FastParams)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h, "correct") {
		t.Fatalf("hash %q holds the secret", h)
	}
	if ok, p, err := Match("correct horse", h); !ok || err != nil || p != FastParams {
		t.Errorf("Match(right) = %v, %+v, %v", ok, p, err)
	}
	if ok, _, err := Match("correct horsf", h); ok || err != nil {
		t.Errorf("Match(wrong) = %v, %v", ok, err)
	}
	h2, _ := Hash("correct horse", FastParams)
	if h == h2 {
		t.Error("the same secret hashed twice gave the same hash: the salt is not random")
	}
}

func TestDecodeRefuses(t *testing.T) {
	good := encode(FastParams, []byte("0123456789abcdef"), []byte("0123456789abcdef0123456789abcdef"))
	if _, _, _, err := decode(good); err != nil {
		t.Fatalf("decode(%q) = %v", good, err)
	}
	for _, bad := range []string{
		"",
		"246810",
		strings.Replace(good, "argon2id", "argon2i", 1),
		strings.Replace(good, "v=19", "v=16", 1),
		strings.Replace(good, "m=8192", "m=4194304", 1), // 4 GiB: refuse, don't allocate
		strings.Replace(good, "t=1", "t=1000", 1),
		strings.Replace(good, "p=1", "p=0", 1),
		strings.Replace(good, "m=8192", "x=8192", 1),
		good[:len(good)-10] + "!!!!!!!!!!",
	} {
		if _, _, _, err := decode(bad); err == nil {
			t.Errorf("decode(%q) accepted", bad)
		}
		if ok, _, err := Match("x", bad); ok || err == nil {
			t.Errorf("Match against %q = %v, %v; want an error", bad, ok, err)
		}
	}
}
