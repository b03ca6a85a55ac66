package protocol

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"gongkai/internal/domain"
)

// buildBundle writes a bundle of two pages and two attachments signed with
// priv and returns its bytes.
func buildBundle(t testing.TB, pub ed25519.PublicKey, priv ed25519.PrivateKey) []byte {
	t.Helper()
	files := [][]byte{[]byte("first attachment"), bytes.Repeat([]byte{0, 1, 2, 3}, 300)}
	p1 := &Page{Protocol: Version, KeyID: Fingerprint(pub), From: 0, To: 2, More: true, Changes: []domain.Change{
		{Version: 1, Kind: domain.KindCategory, ID: "a", Data: canon(t, `{"id":"a"}`)},
		{Version: 2, Kind: domain.KindCategory, ID: "b", Data: canon(t, `{"id":"b"}`)},
	}}
	p2 := &Page{Protocol: Version, KeyID: Fingerprint(pub), From: 2, To: 3, Changes: []domain.Change{
		{Version: 3, Kind: domain.KindCategory, ID: "c", Data: canon(t, `{"id":"c"}`)},
	}}
	m := &Manifest{Protocol: Version, KeyID: Fingerprint(pub), From: 0, To: 3, Created: time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)}
	var pages []SignedPayload
	for _, p := range []*Page{p1, p2} {
		sp, err := SignPage(priv, p)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(sp.Payload)
		m.PageSHA256 = append(m.PageSHA256, hex.EncodeToString(sum[:]))
		pages = append(pages, sp)
	}
	m.Pages = len(pages)
	for _, f := range files {
		sum := sha256.Sum256(f)
		m.Attachments = append(m.Attachments, BundleFile{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(f))})
	}
	sm, err := SignManifest(priv, m)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	bw, err := NewBundleWriter(&buf, sm)
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range pages {
		if err := bw.WritePage(sp); err != nil {
			t.Fatal(err)
		}
	}
	for i, f := range files {
		if err := bw.WriteAttachment(m.Attachments[i].SHA256, int64(len(f)), bytes.NewReader(f)); err != nil {
			t.Fatal(err)
		}
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readBundle reads every item of b, consuming attachment bodies.
func readBundle(b []byte, pub ed25519.PublicKey) (pages, files int, err error) {
	br, err := NewBundleReader(bytes.NewReader(b), pub)
	if err != nil {
		return 0, 0, err
	}
	for {
		it, err := br.Next()
		if err == io.EOF {
			return pages, files, nil
		} else if err != nil {
			return pages, files, err
		}
		if it.Page != nil {
			pages++
			continue
		}
		if _, err := io.Copy(io.Discard, it.Body); err != nil {
			return pages, files, err
		}
		files++
	}
}

func TestBundleRoundTrip(t *testing.T) {
	pub, priv := mustKey(t)
	b := buildBundle(t, pub, priv)
	pages, files, err := readBundle(b, pub)
	if err != nil || pages != 2 || files != 2 {
		t.Fatalf("readBundle = %d pages, %d files, %v; want 2, 2, nil", pages, files, err)
	}
}

// TestBundleEveryByteMatters flips each byte of a bundle in turn: every
// change must be refused, wherever it falls (magic, frame headers, manifest,
// signatures, pages, attachments).
func TestBundleEveryByteMatters(t *testing.T) {
	pub, priv := mustKey(t)
	b := buildBundle(t, pub, priv)
	step := 1
	if testing.Short() {
		step = 97
	}
	for i := 0; i < len(b); i += step {
		c := bytes.Clone(b)
		c[i] ^= 0x01
		if _, _, err := readBundle(c, pub); err == nil {
			t.Fatalf("bundle with byte %d of %d changed was accepted", i, len(b))
		}
	}
}

func TestBundleRefuses(t *testing.T) {
	pub, priv := mustKey(t)
	otherPub, otherPriv := mustKey(t)
	good := buildBundle(t, pub, priv)
	v2 := bytes.Replace(bytes.Clone(good), []byte("GONGKAI-BUNDLE/1"), []byte("GONGKAI-BUNDLE/2"), 1)
	tests := []struct {
		name string
		b    []byte
		want error
	}{
		{"another hub's bundle", buildBundle(t, otherPub, otherPriv), ErrWrongKey},
		{"unknown bundle format", v2, ErrUnknownVersion},
		{"not a bundle", []byte("PK\x03\x04 a zip file"), ErrBundle},
		{"cut in the last attachment", good[:len(good)-10], ErrBundle},
		{"cut after the manifest", good[:200], ErrBundle},
		{"data after the end", append(bytes.Clone(good), 'x'), ErrBundle},
		{"empty file", nil, ErrBundle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := readBundle(tt.b, pub); !errors.Is(err, tt.want) {
				t.Fatalf("readBundle = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestBundleRefusalsShowTheDifference: a format line changed only in an
// invisible byte, and a bundle naming a key id that starts like the pinned
// one, are refused with messages in which the difference is visible.
func TestBundleRefusalsShowTheDifference(t *testing.T) {
	pub, priv := mustKey(t)
	otherPub, otherPriv := mustKey(t)
	good := buildBundle(t, pub, priv)
	for _, tt := range []struct {
		name, magic, want string
	}{
		{"carriage return", "GONGKAI-BUNDLE/1\r", `bundle format "GONGKAI-BUNDLE/1\r", this kiosk reads "GONGKAI-BUNDLE/1\n"; from byte 17: 0d, want 0a`},
		{"NUL", "GONGKAI-BUNDLE/1\x00", `"GONGKAI-BUNDLE/1\x00", this kiosk reads "GONGKAI-BUNDLE/1\n"; from byte 17: 00, want 0a`},
		{"full-width digit", "GONGKAI-BUNDLE/\xef\xbc", `"GONGKAI-BUNDLE/\xef\xbc", this kiosk reads "GONGKAI-BUNDLE/1\n"; from byte 16: ef bc, want 31 0a`},
	} {
		b := append([]byte(tt.magic), good[len(BundleMagic):]...)
		_, _, err := readBundle(b, pub)
		if !errors.Is(err, ErrUnknownVersion) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v\nwant it to contain %s", tt.name, err, tt.want)
		}
	}

	// Another hub's bundle whose manifest names a key id with the pinned
	// key's first 16 digits: the shortened ids would be identical.
	pinned, other := Fingerprint(pub), Fingerprint(otherPub)
	lookalike := pinned[:16] + other[16:]
	forged := bytes.Replace(buildBundle(t, otherPub, otherPriv), []byte(other), []byte(lookalike), 1)
	_, _, err := readBundle(forged, pub)
	want := "bundle names key " + FormatFingerprint(lookalike) + ", pinned key is " + FormatFingerprint(pinned)
	if !errors.Is(err, ErrWrongKey) || !strings.Contains(err.Error(), want) {
		t.Errorf("look-alike key id: %v\nwant it to contain %s", err, want)
	}
	// A key id that is not one is shown escaped.
	weird := bytes.Replace(buildBundle(t, otherPub, otherPriv), []byte(`"key_id":"`+other+`"`), []byte(`"key_id":"`+pinned[:52]+`\u202e\u0007"`), 1)
	if _, _, err := readBundle(weird, pub); !errors.Is(err, ErrWrongKey) || !strings.Contains(err.Error(), `names key "`+pinned[:52]+`\u202e\a"`) {
		t.Errorf("odd key id: %v", err)
	}
}
