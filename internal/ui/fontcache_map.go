//go:build migrated_fynedo

package ui

import (
	"unsafe"

	"fyne.io/fyne/v2"
)

// Fyne's font caches (fontcache.go): with the migrated_fynedo tag an
// async.Map is a struct of one map from any to the value type, here
// *painter.FontCacheItem, a pointer; it is only used on the UI goroutine.
type fyneMap struct{ m map[any]unsafe.Pointer }

var (
	//go:linkname styleCache fyne.io/fyne/v2/internal/painter.fontCache
	styleCache fyneMap
	//go:linkname customCache fyne.io/fyne/v2/internal/painter.fontCustomCache
	customCache fyneMap
)

func styleCacheEach(f func(key, face any) bool) {
	for k, v := range styleCache.m {
		if !f(k, v) {
			return
		}
	}
}

func styleCacheStore(key, face any) {
	if styleCache.m != nil {
		styleCache.m[key] = face.(unsafe.Pointer)
	}
}

func customFace(font fyne.Resource) (any, bool) {
	p, ok := customCache.m[font]
	return p, ok && p != nil
}
