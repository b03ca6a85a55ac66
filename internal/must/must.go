// Package must ends a test at an error its helpers do not expect, so that
// a helper fetching one value is a line, not a paragraph.
package must

import (
	"context"
	"testing"
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
