package uitest

import "testing"

// Showing returns s, the app's current screen, as a T, and fails the test
// when another screen is on show.
func Showing[T any](t testing.TB, s interface{ Title() string }) T {
	t.Helper()
	x, ok := s.(T)
	if !ok {
		t.Fatalf("current screen is %T (%q)", s, s.Title())
	}
	return x
}
