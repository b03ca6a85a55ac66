// Command gen builds the pinyin input engine's dictionary (dict.bin.gz)
// from two open-source sources found in the Go module cache:
//
//   - github.com/go-ego/gse v0.80.3, data/dict/zh/s_1.txt (Apache-2.0; its
//     Chinese word list derives from github.com/fxsjy/jieba, MIT): words and
//     their corpus frequencies;
//   - github.com/mozillazg/go-pinyin v0.21.0 (MIT): every reading
//     (heteronyms included) of every character it knows.
//
// It also reads kiosk.txt beside this file: words of the disclosure domain
// (信息公开, 依申请公开, ...) that gse's list lacks, with explicit readings.
//
// Run it through `go generate ./internal/ime`; the output is deterministic,
// so regenerating with the same module versions changes nothing.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/unicode/norm"
)

// Tunables. maxWords caps gse's multi-character words (by frequency);
// maxVariants caps the reading combinations kept for a word whose
// characters have several readings.
const (
	maxWords    = 200000
	maxVariants = 8
	// inWordShare is the share (1/inWordShare) of a character's use inside
	// words that counts towards its rank as a single-character candidate.
	inWordShare = 10
	// secondReading and rareReading scale a character's frequency under a
	// reading other than its main one: a common second reading listed in
	// polyphones.txt (长 zhang), or any other (和 huo), so that 的 leads
	// "de" but not "di".
	secondReading = 0.3
	rareReading   = 0.002
	// outsideGB2312 scales characters outside GB2312 (variants, rare and
	// traditional forms that gse's words carry): still reachable by paging,
	// no longer ahead of common simplified characters.
	outsideGB2312 = 0.1
)

// exotic readings are kept for their characters but only reached through a
// one-letter abbreviation (嗯 via "n"), never as a segmentation piece.
var exotic = map[string]bool{"m": true, "n": true, "ng": true, "hm": true, "hng": true}

type entry struct {
	text  string
	syl   []string
	freq  uint32
	order int // tie-break for characters: GB2312 level, then code point
}

func main() {
	out := flag.String("out", "dict.bin.gz", "output file")
	kiosk := flag.String("kiosk", "internal/gen/kiosk.txt", "domain word list")
	poly := flag.String("poly", "internal/gen/polyphones.txt", "common polyphonic characters")
	flag.Parse()

	gseDir, err := moduleDir("github.com/go-ego/gse")
	if err != nil {
		log.Fatal(err)
	}
	words, err := readGSE(filepath.Join(gseDir, "data", "dict", "zh", "s_1.txt"))
	if err != nil {
		log.Fatal(err)
	}
	readings := charReadings()
	common, err := readPolyphones(*poly, readings)
	if err != nil {
		log.Fatal(err)
	}

	// Character frequency: its own frequency as a one-character word plus
	// a share of the frequency of every word it appears in. Integer sums
	// keep the output independent of map order.
	alone, inWords := map[rune]uint64{}, map[rune]uint64{}
	for w, f := range words {
		if utf8.RuneCountInString(w) == 1 {
			r, _ := utf8.DecodeRuneInString(w)
			alone[r] += uint64(f)
			continue
		}
		for _, r := range w {
			inWords[r] += uint64(f)
		}
	}

	var entries []entry
	tiers := gbTiers()
	for r, rs := range readings {
		base := float64(alone[r]) + float64(inWords[r])/inWordShare
		if tiers[r] == 0 {
			base *= outsideGB2312
		}
		for i, s := range rs {
			f := base
			if c, ok := common[r]; ok && s != c[0] {
				if slices.Contains(c, s) {
					f *= secondReading
				} else {
					f *= rareReading
				}
			} else if !ok && i > 0 {
				f *= rareReading
			}
			entries = append(entries, entry{text: string(r), syl: []string{s}, freq: clamp(f), order: tierOrder(tiers, r)})
		}
	}

	// Multi-character words, the most frequent first.
	type wf struct {
		w string
		f uint32
	}
	var multi []wf
	for w, f := range words {
		if utf8.RuneCountInString(w) < 2 {
			continue
		}
		ok := true
		for _, r := range w {
			if len(readings[r]) == 0 {
				ok = false
				break
			}
		}
		if ok {
			multi = append(multi, wf{w, f})
		}
	}
	sort.Slice(multi, func(i, j int) bool {
		if multi[i].f != multi[j].f {
			return multi[i].f > multi[j].f
		}
		return multi[i].w < multi[j].w
	})
	if len(multi) > maxWords {
		multi = multi[:maxWords]
	}
	for _, m := range multi {
		for _, v := range variants(m.w, readings, common) {
			entries = append(entries, entry{text: m.w, syl: v, freq: m.f})
		}
	}

	kw, err := readKiosk(*kiosk, readings)
	if err != nil {
		log.Fatal(err)
	}
	entries = append(entries, kw...)

	data, nsyl := encode(entries)
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d entries (%d words), %d syllables, %d bytes", len(entries), len(multi), nsyl, len(data))
}

func clamp(f float64) uint32 {
	if f >= 1<<32-1 {
		return 1<<32 - 1
	}
	return uint32(f + 0.5)
}

func moduleDir(path string) (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", path).Output()
	if err != nil {
		return "", fmt.Errorf("locate %s: %w", path, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// readGSE returns gse's Han-only words with their summed frequencies.
func readGSE(path string) (map[string]uint32, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	words := map[string]uint32{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || !allHan(fields[0]) {
			continue
		}
		n, err := strconv.ParseUint(fields[1], 10, 32)
		if err != nil {
			continue
		}
		words[fields[0]] += uint32(n)
	}
	return words, sc.Err()
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// charReadings returns every character's toneless readings, main reading
// first, duplicates (readings differing only in tone) removed.
func charReadings() map[rune][]string {
	m := map[rune][]string{}
	for cp, s := range pinyin.PinyinDict {
		var rs []string
		for _, p := range strings.Split(s, ",") {
			p = toneless(p)
			if p != "" && !slices.Contains(rs, p) {
				rs = append(rs, p)
			}
		}
		if len(rs) > 0 {
			m[rune(cp)] = rs
		}
	}
	return m
}

// toneless strips tone marks and writes ü as v and ê as e.
func toneless(p string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(p) {
		switch {
		case unicode.Is(unicode.Mn, r):
			if r == 0x308 { // combining diaeresis: u + ¨ = ü
				s := b.String()
				if strings.HasSuffix(s, "u") {
					b.Reset()
					b.WriteString(s[:len(s)-1] + "v")
				}
			}
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r == 'ü':
			b.WriteByte('v')
		case r == 'ê':
			b.WriteByte('e')
		}
	}
	return b.String()
}

// variants returns up to maxVariants reading combinations of w, the
// combination of main readings first: a character of polyphones.txt takes
// the readings listed there, any other its main reading.
func variants(w string, readings, common map[rune][]string) [][]string {
	out := [][]string{nil}
	for _, r := range w {
		rs := common[r]
		if rs == nil {
			rs = readings[r][:1]
		}
		var next [][]string
		for _, prefix := range out {
			for _, s := range rs {
				if len(next) == maxVariants {
					break
				}
				if exotic[s] {
					continue
				}
				v := append(slices.Clone(prefix), s)
				next = append(next, v)
			}
		}
		if len(next) == 0 { // only exotic readings: keep the first
			for _, prefix := range out {
				next = append(next, append(slices.Clone(prefix), readings[r][0]))
			}
		}
		out = next
	}
	return out
}

// readPolyphones reads lines "字 reading reading...", checking every
// reading against go-pinyin's.
func readPolyphones(path string, readings map[rune][]string) (map[rune][]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := map[rune][]string{}
	for n, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		r, size := utf8.DecodeRuneInString(f[0])
		if size != len(f[0]) || len(f) < 2 {
			return nil, fmt.Errorf("%s:%d: want one character and its readings", path, n+1)
		}
		if m[r] != nil {
			return nil, fmt.Errorf("%s:%d: %c listed twice", path, n+1, r)
		}
		for _, s := range f[1:] {
			if !slices.Contains(readings[r], s) {
				return nil, fmt.Errorf("%s:%d: go-pinyin does not read %c as %s (it has %v)", path, n+1, r, s, readings[r])
			}
		}
		m[r] = f[1:]
	}
	return m, nil
}

// gbTiers maps GB2312 level-1 characters to 1 and level-2 to 2.
func gbTiers() map[rune]int {
	m := map[rune]int{}
	dec := simplifiedchinese.GB18030.NewDecoder()
	for hi := 0xB0; hi <= 0xF7; hi++ {
		for lo := 0xA1; lo <= 0xFE; lo++ {
			b, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			if err != nil {
				continue
			}
			r, _ := utf8.DecodeRune(b)
			if r == utf8.RuneError || !unicode.Is(unicode.Han, r) {
				continue
			}
			if hi <= 0xD7 {
				m[r] = 1
			} else {
				m[r] = 2
			}
		}
	}
	return m
}

// tierOrder ranks characters of equal frequency: GB2312 level 1, level 2,
// the rest of the Basic Multilingual Plane, then the supplementary planes.
func tierOrder(tiers map[rune]int, r rune) int {
	t := tiers[r]
	switch {
	case t > 0:
	case r <= 0xFFFF:
		t = 3
	default:
		t = 4
	}
	return t<<24 | int(r&0xFFFFFF)
}

// readKiosk reads lines "word freq pin'yin" (the reading is optional when
// every character has one reading).
func readKiosk(path string, readings map[rune][]string) ([]entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []entry
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			return nil, fmt.Errorf("%s:%d: want word freq [reading]", path, n+1)
		}
		freq, err := strconv.ParseUint(f[1], 10, 32)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n+1, err)
		}
		var syl []string
		if len(f) > 2 {
			syl = strings.Split(f[2], "'")
		} else {
			for _, r := range f[0] {
				if len(readings[r]) != 1 {
					return nil, fmt.Errorf("%s:%d: %c has %d readings: give the reading", path, n+1, r, len(readings[r]))
				}
				syl = append(syl, readings[r][0])
			}
		}
		if len(syl) != utf8.RuneCountInString(f[0]) {
			return nil, fmt.Errorf("%s:%d: %d syllables for %q", path, n+1, len(syl), f[0])
		}
		for i, r := range []rune(f[0]) {
			if !slices.Contains(readings[r], syl[i]) && readings[r] != nil {
				return nil, fmt.Errorf("%s:%d: %c is not read %s", path, n+1, r, syl[i])
			}
		}
		out = append(out, entry{text: f[0], syl: syl, freq: uint32(freq)})
	}
	return out, nil
}

// encode writes the dictionary: magic, the syllable table, then entries
// sorted by the first letters of their syllables, frequency (descending),
// tie-break order and text. The engine binary-searches that order.
func encode(entries []entry) ([]byte, int) {
	sylSet := map[string]bool{}
	for _, e := range entries {
		for _, s := range e.syl {
			sylSet[s] = true
		}
	}
	syls := make([]string, 0, len(sylSet))
	for s := range sylSet {
		syls = append(syls, s)
	}
	sort.Strings(syls)
	id := map[string]int{}
	for i, s := range syls {
		id[s] = i
	}
	initials := func(e entry) string {
		b := make([]byte, len(e.syl))
		for i, s := range e.syl {
			b[i] = s[0]
		}
		return string(b)
	}
	// Drop exact duplicates (same text and reading), keeping the highest
	// frequency.
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if ia, ib := initials(a), initials(b); ia != ib {
			return ia < ib
		}
		if a.freq != b.freq {
			return a.freq > b.freq
		}
		if a.order != b.order {
			return a.order < b.order
		}
		if a.text != b.text {
			return a.text < b.text
		}
		return strings.Join(a.syl, "'") < strings.Join(b.syl, "'")
	})
	seen := map[string]bool{}
	var buf bytes.Buffer
	buf.WriteString("GKIME1\n")
	put := func(v uint64) { buf.Write(binary.AppendUvarint(nil, v)) }
	put(uint64(len(syls)))
	for _, s := range syls {
		put(uint64(len(s)))
		buf.WriteString(s)
	}
	var kept []entry
	for _, e := range entries {
		k := e.text + "|" + strings.Join(e.syl, "'")
		if seen[k] {
			continue
		}
		seen[k] = true
		kept = append(kept, e)
	}
	put(uint64(len(kept)))
	for _, e := range kept {
		put(uint64(len(e.text)))
		buf.WriteString(e.text)
		for _, s := range e.syl {
			put(uint64(id[s]))
		}
		put(uint64(e.freq))
	}
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	zw.Write(buf.Bytes())
	zw.Close()
	return z.Bytes(), len(syls)
}
