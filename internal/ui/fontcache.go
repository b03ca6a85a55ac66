package ui

import (
	"reflect"
	"unsafe"

	"fyne.io/fyne/v2"
)

// One parse of the bundled font for every text style.
//
// Fyne 2.7 keeps its font faces in a cache per text style (internal
// painter.fontCache, keyed by style and theme scope). The first text of a
// style asks the theme's Font for it and parses what comes back, together
// with fallbacks (Noto Sans, an emoji font) and the system font fontscan
// picks for the locale, which first indexes every installed font. Every
// button's label is bold, so a kiosk parses the 4.6 MB font at least
// twice, holding 4.9 MB of tables each time (15.8 MB before the kiosk's
// go-text fork, third_party/typesetting, decoded glyphs only when drawn),
// and scans the system fonts for nothing: the bundled font has one face
// and every glyph the kiosk shows.
//
// A canvas.Text with a FontSource takes Fyne's other path (painter.
// fontCustomCache): one face parsed once per resource, no fallbacks, no
// system scan. shareFonts parses the font that way, then files that one
// face in the style cache under every text style before any text asks
// for one, so no style parses anything again. The symbol style, whose
// entry serves as the pattern, parses the bundled font too (the theme
// gives it for every style) and Fyne's symbol font, without a system
// scan; that face is replaced as well, so it is garbage once the cache
// is filed. It reaches into the cache
// with go:linkname (fontcache_sync.go, or fontcache_map.go when Fyne is
// built with its migrated_fynedo tag) and checks the entries' types first:
// should a Fyne upgrade change them, it shares nothing and Fyne parses per
// style as before (TestShareFonts fails then). A rune the font lacks is
// still looked up among the system fonts, by Fyne, when first drawn.

// shareFonts makes every text style draw with one parse of font; false if
// Fyne's cache is not what it expects. Call it on the UI goroutine once
// the theme is set, before any text is measured, and again after Fyne
// clears its caches (a settings change; see keepFontsShared).
func shareFonts(font fyne.Resource) bool {
	d := fyne.CurrentApp().Driver()
	// One parse, in the custom cache; and the cheapest entry of the style
	// cache (the symbol style scans no system fonts), whose key serves as
	// the pattern for the others.
	d.RenderedTextSize("政", 10, fyne.TextStyle{}, font)
	d.RenderedTextSize("x", 10, fyne.TextStyle{Symbol: true}, nil)
	face, ok := customFace(font)
	if !ok {
		return false
	}
	var pattern any
	styleCacheEach(func(key, _ any) bool {
		if st, scope, ok := styleKey(key); ok && st.Symbol && scope == "" {
			pattern = key
			return false
		}
		return true
	})
	if pattern == nil {
		return false
	}
	for bits := 0; bits < 32; bits++ {
		st := fyne.TextStyle{Bold: bits&1 != 0, Italic: bits&2 != 0, Monospace: bits&4 != 0, Underline: bits&8 != 0,
			Symbol: bits&16 != 0}
		styleCacheStore(withStyle(pattern, st), face)
	}
	return true
}

// keepFontsShared shares the font's face again whenever Fyne clears its
// caches: its driver does on every settings change, from a listener that
// runs before those added later, such as this one, and refreshes the
// windows, parsing the font for the styles on screen; the shared face
// then replaces those. Call it on the UI goroutine once the app runs.
func keepFontsShared(font fyne.Resource) {
	fyne.CurrentApp().Settings().AddListener(func(fyne.Settings) {
		fyne.Do(func() { shareFonts(font) })
	})
}

var textStyleType = reflect.TypeFor[fyne.TextStyle]()

// styleKey reads a style cache key: a struct of the text style and the
// theme scope.
func styleKey(key any) (fyne.TextStyle, string, bool) {
	v := reflect.ValueOf(key)
	if v.Kind() != reflect.Struct || v.NumField() != 2 || v.Field(0).Type() != textStyleType ||
		v.Field(1).Kind() != reflect.String {
		return fyne.TextStyle{}, "", false
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	return *(*fyne.TextStyle)(unsafe.Pointer(c.Field(0).UnsafeAddr())), c.Field(1).String(), true
}

// withStyle returns a copy of a style cache key (checked by styleKey) for
// style st.
func withStyle(key any, st fyne.TextStyle) any {
	c := reflect.New(reflect.TypeOf(key)).Elem()
	c.Set(reflect.ValueOf(key))
	*(*fyne.TextStyle)(unsafe.Pointer(c.Field(0).UnsafeAddr())) = st
	return c.Interface()
}
