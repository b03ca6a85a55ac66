package receipt

import (
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"gongkai/assets"
)

// bundledFont is the parsed assets.FontTTF with its vertical metrics as
// fractions of the font size. Parsing the 4.6 MB font costs milliseconds,
// so it happens once per process.
type bundledFont struct {
	font    *opentype.Font
	ascent  float64 // above the baseline, per unit of size
	descent float64 // below the baseline, per unit of size
}

var (
	fontOnce   sync.Once
	fontLoaded bundledFont
	fontErr    error
)

// loadFont returns the bundled font, parsing it on first use.
func loadFont() (bundledFont, error) {
	fontOnce.Do(func() {
		f, err := opentype.Parse(assets.FontTTF)
		if err != nil {
			fontErr = fmt.Errorf("parse bundled font: %w", err)
			return
		}
		const ppem = 1000
		m, err := f.Metrics(new(sfnt.Buffer), fixed.I(ppem), font.HintingNone)
		if err != nil {
			fontErr = fmt.Errorf("bundled font metrics: %w", err)
			return
		}
		fontLoaded = bundledFont{
			font:    f,
			ascent:  float64(m.Ascent) / 64 / ppem,
			descent: float64(m.Descent) / 64 / ppem,
		}
	})
	return fontLoaded, fontErr
}
