package pubsqlite

import (
	"context"
	"fmt"

	"gongkai/internal/sqldb"
)

// Copied counts the rows CopyTo inserted, per table.
type Copied map[string]int

// copyTables are the desk's tables with their columns and key.
var copyTables = []struct{ table, columns, order string }{
	{"drafts", "id, " + draftColumns, "id"},
	{"exemptions", "doc_id, reason, by_login, at", "doc_id"},
	{"decisions", "tracking, consultation_id, decision, reason, by_login, at", "tracking"},
	{"feedback_links", "doc_id, kind, target_id", "doc_id"},
	{"works", workColumns, "tracking"},
	{"checkins", "tracking, event_id, at, by_login", "tracking"},
}

// CopyTo copies every record of the desk in s into dst: moving a hub's
// desk from publish.db into PostgreSQL. It runs in one transaction of dst;
// records dst holds already are kept, so running it again after an
// interruption copies what is missing and nothing twice.
func (s *Store) CopyTo(ctx context.Context, dst *Store) (Copied, error) {
	c := Copied{}
	err := dst.db.Write(ctx, func(w sqldb.Q) error {
		for _, t := range copyTables {
			n, err := sqldb.CopyRows(ctx, s.db.R(), w, t.table, t.columns, t.order)
			if err != nil {
				return err
			}
			c[t.table] = n
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("copy publishing desk: %w", err)
	}
	return c, nil
}
