package pgtest

import "testing"

// EachStore runs test twice, as the subtests "sqlite" and "postgres": one
// set of assertions over both stores of a hub. url is "" for SQLite (the
// store's files in a data directory) and a fresh database's URL (URL) for
// PostgreSQL, as a store's OpenStore(dir, databaseURL) takes them.
func EachStore(t *testing.T, test func(t *testing.T, url string)) {
	t.Run("sqlite", func(t *testing.T) { test(t, "") })
	t.Run("postgres", func(t *testing.T) { test(t, URL(t)) })
}
