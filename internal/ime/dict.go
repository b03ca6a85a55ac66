package ime

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// dictGz is the generated dictionary (see internal/gen and README.md):
// after gzip, the magic "GKIME1\n", the syllable table, then entries sorted
// by the first letters of their syllables and by descending frequency.
//
//go:embed dict.bin.gz
var dictGz []byte

const magic = "GKIME1\n"

// Engine converts pinyin letters into Chinese candidates. It is immutable
// once loaded, safe for concurrent use, and learns nothing from its use:
// the same input always gives the same candidates.
type Engine struct {
	syl   []string // syllable table; ids index it
	first []byte   // first letter of each syllable
	full  map[string]uint16
	// prefix maps every prefix of a segmentable syllable ("x", "zh",
	// "zhon", "zhong") to the set of syllables it can stand for.
	prefix map[string]*sylSet

	text    string   // all entry texts, concatenated
	textOff []uint32 // entry i is text[textOff[i]:textOff[i+1]]
	syls    []uint16 // all entries' syllable ids, concatenated
	sylOff  []uint32 // entry i reads syls[sylOff[i]:sylOff[i+1]]
	freq    []uint32
}

// exotic syllables (嗯 n/ng, 呣 m, 噷 hm, 哼 hng) are stored but never a
// segmentation piece, since "n" or "m" would otherwise split every input;
// their characters are reached through the one-letter abbreviation.
var exotic = map[string]bool{"m": true, "n": true, "ng": true, "hm": true, "hng": true}

// aliases are spellings people type for ü syllables besides v.
var aliases = map[string]string{"lue": "lve", "nue": "nve"}

var shared = sync.OnceValues(func() (*Engine, error) { return load(dictGz) })

// Load returns the engine of the embedded dictionary, decoding it on the
// first call (0.1-0.2 s; 7.5 MB of heap; see the package benchmarks) and
// sharing it afterwards. Call it off the UI goroutine.
func Load() (*Engine, error) { return shared() }

func load(gz []byte) (*Engine, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("ime dictionary: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("ime dictionary: %w", err)
	}
	if !bytes.HasPrefix(raw, []byte(magic)) {
		return nil, errors.New("ime dictionary: bad magic")
	}
	r := &reader{b: raw[len(magic):]}
	e := &Engine{full: map[string]uint16{}, prefix: map[string]*sylSet{}}
	nsyl := r.uvarint()
	if nsyl > 1<<16 {
		return nil, errors.New("ime dictionary: too many syllables")
	}
	for i := uint64(0); i < nsyl; i++ {
		s := string(r.bytes(int(r.uvarint())))
		if s == "" {
			return nil, errors.New("ime dictionary: empty syllable")
		}
		e.syl = append(e.syl, s)
		e.first = append(e.first, s[0])
	}
	if len(e.syl) > maxSyllables {
		return nil, fmt.Errorf("ime dictionary: %d syllables, at most %d", len(e.syl), maxSyllables)
	}
	for id, s := range e.syl {
		if !exotic[s] {
			e.full[s] = uint16(id)
		}
		// Every syllable, exotic ones included, is reachable from its
		// proper prefixes; a non-exotic one also from itself.
		for n := 1; n <= len(s); n++ {
			p := s[:n]
			if n == len(s) && exotic[s] {
				break
			}
			set := e.prefix[p]
			if set == nil {
				set = &sylSet{}
				e.prefix[p] = set
			}
			set.add(uint16(id))
		}
	}
	for alias, s := range aliases {
		if id, ok := e.full[s]; ok {
			e.full[alias] = id
		}
	}

	n := int(r.uvarint())
	if n > len(raw) {
		return nil, errors.New("ime dictionary: bad entry count")
	}
	var text strings.Builder
	text.Grow(len(raw) / 2)
	e.textOff = make([]uint32, 0, n+1)
	e.sylOff = make([]uint32, 0, n+1)
	e.freq = make([]uint32, 0, n)
	e.syls = make([]uint16, 0, n*3)
	for i := 0; i < n && r.err == nil; i++ {
		e.textOff = append(e.textOff, uint32(text.Len()))
		e.sylOff = append(e.sylOff, uint32(len(e.syls)))
		t := r.bytes(int(r.uvarint()))
		text.Write(t)
		for range bytes.Runes(t) {
			id := r.uvarint()
			if id >= uint64(len(e.syl)) {
				return nil, fmt.Errorf("ime dictionary: entry %d: bad syllable", i)
			}
			e.syls = append(e.syls, uint16(id))
		}
		e.freq = append(e.freq, uint32(r.uvarint()))
	}
	if r.err != nil {
		return nil, fmt.Errorf("ime dictionary: %w", r.err)
	}
	e.textOff = append(e.textOff, uint32(text.Len()))
	e.sylOff = append(e.sylOff, uint32(len(e.syls)))
	e.text = text.String()
	e.syls = append([]uint16(nil), e.syls...) // drop spare capacity
	return e, nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("truncated")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n > len(r.b) {
		r.err = errors.New("truncated")
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

// maxSyllables bounds the syllable table so a set fits sylSet's bitmap.
const maxSyllables = 512

// sylSet is a bitmap of syllable ids.
type sylSet [maxSyllables / 64]uint64

func (s *sylSet) add(id uint16)      { s[id/64] |= 1 << (id % 64) }
func (s *sylSet) has(id uint16) bool { return s[id/64]&(1<<(id%64)) != 0 }
