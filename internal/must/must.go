// Package must ends a test when what its helpers count on does not
// happen, so that a helper fetching one value is a line, not a paragraph.
package must

import (
	"context"
	"testing"
	"time"
)

// Call returns what f returns given a background context, ending the test
// if f fails: must.Call(t, st.Digest).
func Call[T any](tb testing.TB, f func(context.Context) (T, error)) T {
	tb.Helper()
	v, err := f(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// Receive returns the next value from ch, ending the test with the
// message missing if none comes within d.
func Receive[T any](tb testing.TB, ch <-chan T, d time.Duration, missing string) T {
	tb.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
	}
	tb.Fatal(missing)
	var none T // not reached: Fatal ends the test's goroutine
	return none
}
