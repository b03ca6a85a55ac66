package assets

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"hash"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
)

var update = flag.Bool("update", false, "rewrite testdata/font-outlines.txt")

// outlinesGolden holds what go-text/typesetting v0.2.1 as released decodes
// from the bundled font, written by this test built against it rather than
// against the kiosk's fork (third_party/typesetting), which decodes glyph
// outlines per glyph instead of all of them at load:
//
//	sed '/^replace github.com\/go-text\/typesetting/d' go.mod >/tmp/upstream.mod
//	cp go.sum /tmp/upstream.sum
//	go test -modfile /tmp/upstream.mod -run TestFontOutlines ./assets -update
const outlinesGolden = "testdata/font-outlines.txt"

// TestFontOutlines checks that every glyph of the bundled font has the
// outline, extents and metrics go-text v0.2.1 gives it: one digest over all
// 49,531 glyphs, and a line per sample glyph (Latin, digits, punctuation,
// CJK, Hangul, composites and a spread of ids) that says which one differs.
func TestFontOutlines(t *testing.T) {
	face, err := font.ParseTTF(bytes.NewReader(FontTTF))
	if err != nil {
		t.Fatal(err)
	}
	glyf := parseGlyf(t)
	var got strings.Builder
	for _, gid := range sampleGlyphs(t, face, glyf) {
		h := sha256.New()
		writeGlyph(h, face, gid)
		ext, _ := face.GlyphExtents(gid)
		fmt.Fprintf(&got, "glyph %d: extents %v advance %v outline %x\n", gid, ext, face.HorizontalAdvance(gid), h.Sum(nil)[:8])
	}
	fmt.Fprintf(&got, "all %d glyphs: %x\n", glyf.count(), allGlyphsDigest(face, glyf.count(), 0, 1))

	if *update {
		if err := os.WriteFile(filepath.FromSlash(outlinesGolden), []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(filepath.FromSlash(outlinesGolden))
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("the bundled font's glyphs differ from go-text v0.2.1's (%s):\ngot:\n%s", outlinesGolden, got.String())
	}
}

// TestFontOutlinesConcurrent decodes every glyph of one face from several
// goroutines at once, as Fyne may, and expects what one goroutine gets.
func TestFontOutlinesConcurrent(t *testing.T) {
	face, err := font.ParseTTF(bytes.NewReader(FontTTF))
	if err != nil {
		t.Fatal(err)
	}
	count := parseGlyf(t).count()
	const n = 4
	var (
		wg      sync.WaitGroup
		digests [n][]byte
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			digests[i] = allGlyphsDigest(face, count, i, n)
		}()
	}
	wg.Wait()
	for i := range n {
		if want := allGlyphsDigest(face, count, i, n); !bytes.Equal(digests[i], want) {
			t.Errorf("glyphs %d mod %d: concurrent digest %x, alone %x", i, n, digests[i], want)
		}
	}
}

// allGlyphsDigest hashes the outline and metrics of every glyph id below
// count that is part mod n. It leaves out GlyphExtents: Face caches extents
// in a slice it writes unguarded, as upstream does.
func allGlyphsDigest(face *font.Face, count, part, n int) []byte {
	h := sha256.New()
	for gid := part; gid < count; gid += n {
		writeGlyph(h, face, font.GID(gid))
	}
	return h.Sum(nil)
}

func writeGlyph(h hash.Hash, face *font.Face, gid font.GID) {
	var b []byte
	put := func(v ...float32) {
		for _, f := range v {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f))
		}
	}
	x, y, _ := face.GlyphVOrigin(gid)
	put(float32(gid), face.HorizontalAdvance(gid), face.VerticalAdvance(gid), float32(x), float32(y))
	if o, ok := face.GlyphData(gid).(font.GlyphOutline); ok {
		for _, s := range o.Segments {
			put(float32(s.Op))
			for _, p := range s.ArgsSlice() {
				put(p.X, p.Y)
			}
		}
	}
	put(-1)
	h.Write(b)
}

// sampleGlyphs returns the glyphs of some runes the kiosk shows, the first
// composite glyphs, and every 2,477th glyph id.
func sampleGlyphs(t *testing.T, face *font.Face, glyf rawGlyf) []font.GID {
	var out []font.GID
	for _, r := range "AgWxy019%，。、（）《》政务公开申请鑫龘齉한글あア" {
		gid, ok := face.NominalGlyph(r)
		if !ok {
			t.Fatalf("the bundled font has no glyph for %q", r)
		}
		out = append(out, gid)
	}
	out = append(out, glyf.composites(t, 24)...)
	for gid := 1; gid < glyf.count(); gid += 2477 {
		out = append(out, font.GID(gid))
	}
	return out
}

// rawGlyf is the bundled font's glyf table and its offsets, read here
// without go-text's glyph decoding.
type rawGlyf struct {
	loca []uint32
	glyf []byte
}

func parseGlyf(t *testing.T) rawGlyf {
	ld, err := ot.NewLoader(bytes.NewReader(FontTTF))
	if err != nil {
		t.Fatal(err)
	}
	table := func(tag string) []byte {
		raw, err := ld.RawTable(ot.MustNewTag(tag))
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	head, _, err := tables.ParseHead(table("head"))
	if err != nil {
		t.Fatal(err)
	}
	maxp, _, err := tables.ParseMaxp(table("maxp"))
	if err != nil {
		t.Fatal(err)
	}
	loca, err := tables.ParseLoca(table("loca"), int(maxp.NumGlyphs), head.IndexToLocFormat == 1)
	if err != nil {
		t.Fatal(err)
	}
	return rawGlyf{loca: loca, glyf: table("glyf")}
}

func (g rawGlyf) count() int { return len(g.loca) - 1 }

// composites returns the first n glyphs that the glyf table makes of other
// glyphs (a negative contour count).
func (g rawGlyf) composites(t *testing.T, n int) []font.GID {
	var out []font.GID
	for gid := 0; gid < g.count() && len(out) < n; gid++ {
		if start := g.loca[gid]; g.loca[gid+1] > start && int16(binary.BigEndian.Uint16(g.glyf[start:])) < 0 {
			out = append(out, font.GID(gid))
		}
	}
	if len(out) < n {
		t.Fatalf("%d composite glyphs, want %d", len(out), n)
	}
	return out
}
