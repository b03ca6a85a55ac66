//go:build scenes && cgo

package kioskcli

// The SQLite that mattn/go-sqlite3 compiles into the binary, and glibc's
// malloc, which SQLite, Mesa and GLFW allocate from.

/*
#include <malloc.h>

extern long long sqlite3_memory_used(void);
extern long long sqlite3_memory_highwater(int);

static void mallocStats(size_t *arena, size_t *inuse, size_t *free, size_t *mmapped) {
	struct mallinfo2 m = mallinfo2();
	*arena = m.arena; *inuse = m.uordblks; *free = m.fordblks; *mmapped = m.hblkhd;
}
*/
import "C"

// sqliteMemory returns the bytes SQLite has allocated (page caches,
// schemas, statements) now and at most since start.
func sqliteMemory() (used, high int64, ok bool) {
	return int64(C.sqlite3_memory_used()), int64(C.sqlite3_memory_highwater(0)), true
}

// mallocMemory returns glibc malloc's arenas (all threads' heaps): bytes
// in them, in use, free, and allocated by mmap of their own.
func mallocMemory() (arena, inuse, free, mmapped int64, ok bool) {
	var a, u, f, m C.size_t
	C.mallocStats(&a, &u, &f, &m)
	return int64(a), int64(u), int64(f), int64(m), true
}
