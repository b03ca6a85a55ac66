//go:build scenes && !cgo

package kioskcli

func sqliteMemory() (used, high int64, ok bool) { return 0, 0, false }

func mallocMemory() (arena, inuse, free, mmapped int64, ok bool) { return 0, 0, 0, 0, false }
