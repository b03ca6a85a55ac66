//go:build !(linux && cgo)

package kioskcli

// trimMalloc does nothing where malloc is not glibc's (malloc_glibc.go).
func trimMalloc() {}
