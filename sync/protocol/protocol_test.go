package protocol

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"gongkai/internal/domain"
)

func mustKey(t testing.TB) (ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

func canon(t testing.TB, s string) []byte {
	t.Helper()
	b, err := CanonicalJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testPage(t testing.TB, pub ed25519.PublicKey) *Page {
	return &Page{
		Protocol: Version, KeyID: Fingerprint(pub), From: 10, To: 13, More: true,
		Changes: []domain.Change{
			{Version: 11, Kind: domain.KindCategory, ID: "jg", Data: canon(t, `{"id":"jg", "name":"机构职能 <a&b>"}`)},
			{Version: 12, Kind: domain.KindDocument, ID: "d1", Data: canon(t, `{"id":"d1","title":"通知","attachments":[{"name":"a.pdf","media_type":"application/pdf","size":3,"sha256":"`+strings.Repeat("ab", 32)+`"}]}`)},
			{Version: 13, Kind: domain.KindDocument, ID: "d0", Deleted: true},
		},
	}
}

func TestVerifyPageRoundTripKeepsDataBytes(t *testing.T) {
	pub, priv := mustKey(t)
	p := testPage(t, pub)
	sp, err := SignPage(priv, p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := VerifyPage(pub, sp.Payload, sp.Signature)
	if err != nil {
		t.Fatal(err)
	}
	for i := range p.Changes {
		if !bytes.Equal(got.Changes[i].Data, p.Changes[i].Data) {
			t.Errorf("change %d data = %s, want the hub's bytes %s", i, got.Changes[i].Data, p.Changes[i].Data)
		}
	}
	as, err := got.Attachments()
	if err != nil || len(as) != 1 || as[0].SHA256 != strings.Repeat("ab", 32) {
		t.Errorf("Attachments() = %v, %v", as, err)
	}
	again, _ := EncodePage(got)
	if !bytes.Equal(again, sp.Payload) {
		t.Errorf("re-encoding a verified page changed its bytes")
	}
}

func TestVerifyPageRefuses(t *testing.T) {
	pub, priv := mustKey(t)
	otherPub, otherPriv := mustKey(t)
	sign := func(k ed25519.PrivateKey, p *Page) SignedPayload {
		sp, err := SignPage(k, p)
		if err != nil {
			t.Fatal(err)
		}
		return sp
	}
	good := sign(priv, testPage(t, pub))
	flipped := bytes.Clone(good.Payload)
	flipped[len(flipped)/2] ^= 1
	badSig := bytes.Clone(good.Signature)
	badSig[0] ^= 0x80
	v2 := testPage(t, pub)
	v2.Protocol = "gongkai-sync/2"
	gap := testPage(t, pub)
	gap.Changes[1].Version = 11
	noData := testPage(t, pub)
	noData.Changes[0].Data = nil
	aboveTo := testPage(t, pub)
	aboveTo.To = 12
	emptyMore := &Page{Protocol: Version, KeyID: Fingerprint(pub), From: 5, To: 5, More: true}
	// EncodePage copies data verbatim: a signed page can still carry a
	// document that is not JSON, which must be refused, not stored.
	badDoc := func(data string) SignedPayload {
		p := testPage(t, pub)
		p.Changes[0].Data = []byte(data)
		return sign(priv, p)
	}
	notJSON := []SignedPayload{badDoc(`{"id":"d1","title":"标题\x"}`), badDoc(`{"id":"d1","n":01}`),
		badDoc(`{"id":"d1","title":"标` + "\x01" + `题"}`), badDoc(`{"id":"d1","sample":tru}`), badDoc(`{"id":"d1",}`)}

	tests := []struct {
		name         string
		pub          ed25519.PublicKey
		payload, sig []byte
		want         error
	}{
		{"one byte changed", pub, flipped, good.Signature, ErrBadSignature},
		{"signature changed", pub, good.Payload, badSig, ErrBadSignature},
		{"signed by another key", pub, sign(otherPriv, testPage(t, otherPub)).Payload, sign(otherPriv, testPage(t, otherPub)).Signature, ErrWrongKey},
		{"another key naming ours", pub, sign(otherPriv, testPage(t, pub)).Payload, sign(otherPriv, testPage(t, pub)).Signature, ErrBadSignature},
		{"unknown version", pub, sign(priv, v2).Payload, sign(priv, v2).Signature, ErrUnknownVersion},
		{"versions not increasing", pub, sign(priv, gap).Payload, sign(priv, gap).Signature, ErrMalformed},
		{"live change without data", pub, sign(priv, noData).Payload, sign(priv, noData).Signature, ErrMalformed},
		{"change above to", pub, sign(priv, aboveTo).Payload, sign(priv, aboveTo).Signature, ErrMalformed},
		{"empty page with more", pub, sign(priv, emptyMore).Payload, sign(priv, emptyMore).Signature, ErrMalformed},
		{"short key", pub[:5], good.Payload, good.Signature, ErrWrongKey},
	}
	for i, sp := range notJSON {
		tests = append(tests, struct {
			name         string
			pub          ed25519.PublicKey
			payload, sig []byte
			want         error
		}{fmt.Sprintf("signed data that is not JSON %d", i), pub, sp.Payload, sp.Signature, ErrMalformed})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := VerifyPage(tt.pub, tt.payload, tt.sig)
			if !errors.Is(err, tt.want) {
				t.Fatalf("VerifyPage = %v, %v; want %v", p, err, tt.want)
			}
		})
	}
}

func TestFingerprintFormat(t *testing.T) {
	pub, _ := mustKey(t)
	id := Fingerprint(pub)
	sum := sha256.Sum256(pub)
	if id != hex.EncodeToString(sum[:]) {
		t.Fatalf("Fingerprint = %s", id)
	}
	f := FormatFingerprint(id)
	if got, want := len(strings.Fields(f)), 16; got != want {
		t.Errorf("FormatFingerprint gives %d groups, want %d: %s", got, want, f)
	}
	if strings.ReplaceAll(f, " ", "") != id {
		t.Errorf("FormatFingerprint lost digits: %s", f)
	}
	back, err := DecodePublicKey(EncodePublicKey(pub))
	if err != nil || !back.Equal(pub) {
		t.Errorf("DecodePublicKey(EncodePublicKey) = %v, %v", back, err)
	}
	_, priv := mustKey(t)
	pemb, err := MarshalPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParsePrivateKey(pemb)
	if err != nil || !k.Equal(priv) {
		t.Errorf("ParsePrivateKey(MarshalPrivateKey) = %v", err)
	}
}

// TestEncodePageIsJSONMarshal holds the hand-written encoder to
// encoding/json's bytes for canonical data.
func TestEncodePageIsJSONMarshal(t *testing.T) {
	pub, _ := mustKey(t)
	pages := []*Page{
		testPage(t, pub),
		{Protocol: Version, KeyID: Fingerprint(pub), From: 7, To: 7},
		{Protocol: "x<y>&\"\\\u2028é", KeyID: "", From: 0, To: 1, Changes: []domain.Change{
			{Version: 1, Kind: "document", ID: "id \"quoted\" <b> \u2029 中文\x01", Data: canon(t, `{"a":"<&>\u2028","b":[1,2.5e3,true,null]}`)}}},
	}
	for i, p := range pages {
		got, err := EncodePage(p)
		if err != nil {
			t.Fatal(err)
		}
		q := *p
		if q.Changes == nil {
			q.Changes = []domain.Change{}
		}
		want, _ := json.Marshal(&q)
		if !bytes.Equal(got, want) {
			t.Errorf("page %d:\n got %s\nwant %s", i, got, want)
		}
	}
}
