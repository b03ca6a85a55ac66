package depspin

import (
	_ "codeberg.org/go-pdf/fpdf"
	_ "filippo.io/age"
	_ "fyne.io/fyne/v2/app"
	_ "fyne.io/fyne/v2/test"
	_ "fyne.io/fyne/v2/widget"
	_ "github.com/BurntSushi/toml"
	_ "github.com/go-ego/gse"
	_ "github.com/makiuchi-d/gozxing"
	_ "github.com/mattn/go-sqlite3"
	_ "github.com/mozillazg/go-pinyin"
	_ "github.com/skip2/go-qrcode"
	_ "golang.org/x/crypto/argon2"
	_ "golang.org/x/image/font/opentype"
	_ "golang.org/x/text/width"
)
