package gunzip

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func gz(t *testing.T, level int, parts ...[]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, p := range parts {
		w, err := gzip.NewWriterLevel(&b, level)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p)
		w.Close()
	}
	return b.Bytes()
}

// TestDecode checks libdeflate's path and the Go decoder's against the
// data compressed: texts, random bytes, empty data, several members.
func TestDecode(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 300000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	text := []byte(strings.Repeat(`{"id":"d1","title":"关于做好2026年义务教育招生工作的通知","body":"学校"}`, 5000))
	for _, c := range []struct {
		name  string
		parts [][]byte
		fast  bool // decoded by libdeflate
	}{
		{"text", [][]byte{text}, true},
		{"random", [][]byte{random}, true},
		{"empty", [][]byte{nil}, true},
		{"two members", [][]byte{text[:1000], text[1000:5000]}, false},
	} {
		for _, level := range []int{gzip.BestSpeed, gzip.BestCompression} {
			src := gz(t, level, c.parts...)
			want := bytes.Join(c.parts, nil)
			got, err := Decode(src, len(want))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s, level %d: %d bytes, %v; want %d bytes", c.name, level, len(got), err, len(want))
			}
			if _, fast := inflate(src, len(want)); fast != c.fast {
				t.Errorf("%s, level %d: libdeflate took it %v, want %v", c.name, level, fast, c.fast)
			}
		}
	}
}

// TestDecodeRefuses checks that a stream over the limit, a corrupt one
// and one whose trailer states another length are refused, as the Go
// decoder refuses them.
func TestDecodeRefuses(t *testing.T) {
	text := []byte(strings.Repeat("政务公开专区自助终端", 10000))
	src := gz(t, gzip.BestSpeed, text)
	if _, err := Decode(src, len(text)-1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v, want ErrTooLarge", err)
	}
	corrupt := bytes.Clone(src)
	corrupt[len(corrupt)/2] ^= 0x55
	if _, err := Decode(corrupt, len(text)); err == nil {
		t.Error("a corrupt stream was decoded")
	}
	lying := bytes.Clone(src)
	binary.LittleEndian.PutUint32(lying[len(lying)-4:], uint32(len(text)-10))
	if _, err := Decode(lying, len(text)); err == nil {
		t.Error("a stream whose trailer states another length was decoded")
	}
	badCRC := bytes.Clone(src)
	badCRC[len(badCRC)-8] ^= 1
	if _, err := Decode(badCRC, len(text)); err == nil {
		t.Error("a stream with a wrong CRC was decoded")
	}
	for _, short := range [][]byte{nil, src[:10], src[:len(src)-1]} {
		if _, err := Decode(short, len(text)); err == nil {
			t.Errorf("%d bytes of a stream were decoded", len(short))
		}
	}
}

// BenchmarkDecode compares libdeflate with the Go decoder on a page of
// text.
func BenchmarkDecode(b *testing.B) {
	var text []byte
	for i := 0; len(text) < 8<<20; i++ {
		text = append(text, []byte(`{"id":"d`+strings.Repeat("x", i%7)+`","body":[{"kind":"p","text":"为进一步做好政务公开工作，推进决策、执行、管理、服务、结果公开"}]}`)...)
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	w.Write(text)
	w.Close()
	src := buf.Bytes()
	b.Run("libdeflate", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for range b.N {
			Decode(src, len(text))
		}
	})
	b.Run("go", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for range b.N {
			decodeStream(src, len(text))
		}
	})
}
