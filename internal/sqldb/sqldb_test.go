package sqldb_test

import (
	"testing"

	"gongkai/internal/sqldb"
)

func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`},
		{`UPDATE t SET x = CASE WHEN y <= ?1 THEN 1 END WHERE z = ?2`, `UPDATE t SET x = CASE WHEN y <= $1 THEN 1 END WHERE z = $2`},
		{`SELECT '?', "a?b" FROM t WHERE c = ?`, `SELECT '?', "a?b" FROM t WHERE c = $1`},
		{"SELECT 1 -- why?\nFROM t WHERE a = ?", "SELECT 1 -- why?\nFROM t WHERE a = $1"},
		{`SELECT 'it''s ?' WHERE a = ?`, `SELECT 'it''s ?' WHERE a = $1`},
		{`SELECT 'open`, `SELECT 'open`},
	} {
		if got := sqldb.Rebind(tc.in); got != tc.want {
			t.Errorf("Rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
