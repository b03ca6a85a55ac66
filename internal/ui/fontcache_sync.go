//go:build !migrated_fynedo

package ui

import (
	"reflect"
	"sync"
	_ "unsafe" // go:linkname

	"fyne.io/fyne/v2"
)

// Fyne's font caches (fontcache.go): async.Map values, which without the
// migrated_fynedo tag are a sync.Map and nothing else.
var (
	//go:linkname styleCache fyne.io/fyne/v2/internal/painter.fontCache
	styleCache sync.Map
	//go:linkname customCache fyne.io/fyne/v2/internal/painter.fontCustomCache
	customCache sync.Map
)

// styleCacheEach calls f with the style cache's entries until it returns
// false.
func styleCacheEach(f func(key, face any) bool) { styleCache.Range(f) }

func styleCacheStore(key, face any) { styleCache.Store(key, face) }

// customFace returns the cache item of font's face: a pointer to a struct
// holding the face map in field Fonts.
func customFace(font fyne.Resource) (any, bool) {
	v, ok := customCache.Load(font)
	if !ok {
		return nil, false
	}
	t := reflect.TypeOf(v)
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil, false
	}
	if _, ok := t.Elem().FieldByName("Fonts"); !ok {
		return nil, false
	}
	return v, true
}
