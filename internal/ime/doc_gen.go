package ime

// The dictionary is generated from gse's word list and go-pinyin's
// readings; see internal/gen and README.md (credits and licences).
//go:generate go run ./internal/gen -out dict.bin.gz -kiosk internal/gen/kiosk.txt -poly internal/gen/polyphones.txt
