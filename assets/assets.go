// Package assets embeds the files every kiosk and hub binary carries: the
// bundled Simplified Chinese font and the demo catalogue.
package assets

import (
	"embed"
	"io/fs"
)

// FontTTF is WenQuanYi Micro Hei (Apache-2.0), a single-face TrueType font
// with Simplified Chinese glyphs and Latin digits.
//
//go:embed fonts/wqy-microhei.ttf
var FontTTF []byte

//go:embed all:catalog
var catalogFS embed.FS

// DemoCatalog returns the embedded demo catalogue, in the catalogue source
// format (docs/catalogue-format.md), rooted at its top directory.
func DemoCatalog() fs.FS {
	sub, err := fs.Sub(catalogFS, "catalog")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory exists
	}
	return sub
}
