package staff

import (
	"context"
	"testing"
)

// BenchmarkVerify is one staff PIN check at the production parameters
// (DefaultParams), through meta on a real SQLite file: the pause after
// tapping 确定 on the PIN pad. Target: at most ~300 ms.
func BenchmarkVerify(b *testing.B) {
	f := newFixture(b, DefaultParams)
	ctx := context.Background()
	if err := f.s.SetPIN(ctx, goodPIN); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := f.s.Verify(ctx, goodPIN); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
