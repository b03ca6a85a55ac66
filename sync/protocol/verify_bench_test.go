package protocol

import (
	"encoding/json"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/search/corpus"
)

// BenchmarkVerifyPage verifies and decodes a page of 100 generated
// documents (about a megabyte, a hub's page), as a kiosk does with every
// page it syncs.
func BenchmarkVerifyPage(b *testing.B) {
	pub, priv := mustKey(b)
	g := corpus.New(1, []string{"zcfg"})
	p := &Page{Protocol: Version, KeyID: Fingerprint(pub), From: 0, To: 100}
	for i := range 100 {
		d := g.Document(i)
		data, err := json.Marshal(d)
		if err != nil {
			b.Fatal(err)
		}
		if data, err = CanonicalJSON(data); err != nil {
			b.Fatal(err)
		}
		p.Changes = append(p.Changes, domain.Change{Version: int64(i + 1), Kind: domain.KindDocument, ID: d.ID, Data: data})
	}
	sp, err := SignPage(priv, p)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(sp.Payload)))
	b.ResetTimer()
	for range b.N {
		if _, err := VerifyPage(pub, sp.Payload, sp.Signature); err != nil {
			b.Fatal(err)
		}
	}
}
