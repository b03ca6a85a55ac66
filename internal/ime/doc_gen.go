// Package ime is the kiosk's pinyin input engine: it turns lower-case
// pinyin letters (full syllables, abbreviations such as "xxgk", or a mix,
// v for ü) into ranked Chinese candidates for the on-screen keyboard.
//
// The dictionary is generated from gse's word list and go-pinyin's
// readings (see internal/gen and README.md for credits and licences) and
// embedded in the binary; Load decodes it once.
//
//	e, err := ime.Load()
//	e.Candidates("xinxigongkai", ime.PageSize) // [信息公开 信息 ...]
//	e.Segment("xinxigongkai")                  // [xin xi gong kai]
package ime

//go:generate go run ./internal/gen -out dict.bin.gz -kiosk internal/gen/kiosk.txt -poly internal/gen/polyphones.txt
