// Package catalogtest gives tests the demo catalogue's working-day
// calendar, loaded once per test binary.
package catalogtest

import (
	"sync"
	"testing"

	"gongkai/assets"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
)

var (
	once sync.Once
	cal  *calendar.Calendar
	err  error
)

// Calendar is the working-day calendar the demo catalogue ships
// (2024-2026, checked against the State Council's notices in
// internal/calendar). The test fails if the catalogue does not load.
func Calendar(t testing.TB) *calendar.Calendar {
	t.Helper()
	once.Do(func() {
		var set *catalog.Set
		if set, _, err = catalog.Load(assets.DemoCatalog(), catalog.Options{}); err == nil {
			cal = calendar.New(set.Calendar)
		}
	})
	if err != nil {
		t.Fatalf("demo catalogue: %v", err)
	}
	return cal
}
