//go:build linux && cgo

package kioskcli

/*
#include <malloc.h>
*/
import "C"

// trimMalloc hands the pages malloc holds free back to the system.
//
// Everything in the kiosk that is not Go allocates with glibc's malloc:
// SQLite, GLFW, and the GL driver, which under Mesa's software renderer
// keeps every texture there; each line of text Fyne draws is one. When
// Fyne frees the textures of the screens a visitor left (ui's
// screenCacheDuration), malloc keeps their pages for reuse: after a walk
// through 100,000 documents, 58 MB of 88 MB in malloc's arenas was free and
// still resident (issue 16).
func trimMalloc() { C.malloc_trim(0) }
