package foisqlite

import (
	"context"
	"fmt"

	"gongkai/internal/sqldb"
)

// Copied counts the rows CopyTo inserted.
type Copied struct {
	Cases, Letters, Files, Templates, Meta int
}

// copyTables are the register's tables in the order CopyTo fills them (a
// case before what refers to it), with their columns and order.
var copyTables = []struct{ table, columns, order string }{
	{"cases", "id, year, seq, " + columns + ", published", "id"},
	{"case_data", "id, data", "id"},
	{"letters", "id, case_id, n, kind, title, created, pdf", "id"},
	{"case_files", "id, case_id, name, media_type, size, added, added_by, data", "id"},
	{"letter_templates", "key, title, body, updated, updated_by", "key"},
	{"foi_meta", "key, value", "key"},
}

// CopyTo copies every case (its JSON, letters and files with their ids,
// which the cases refer to), template and setting of s into dst: moving a
// hub's register from foi.db into PostgreSQL. It runs in one transaction
// of dst; rows dst holds already are kept, so running it again after an
// interruption copies what is missing and nothing twice.
func (s *Store) CopyTo(ctx context.Context, dst *Store) (Copied, error) {
	var c Copied
	counts := []*int{&c.Cases, nil, &c.Letters, &c.Files, &c.Templates, &c.Meta}
	err := dst.db.Write(ctx, func(w sqldb.Q) error {
		for i, t := range copyTables {
			n, err := sqldb.CopyRows(ctx, s.db.R(), w, t.table, t.columns, t.order)
			if err != nil {
				return err
			}
			if counts[i] != nil {
				*counts[i] = n
			}
		}
		if !dst.db.Postgres() {
			return nil
		}
		// New letters and files are numbered after the copied ones.
		for _, table := range []string{"letters", "case_files"} {
			if _, err := w.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'),
				COALESCE((SELECT max(id) FROM `+table+`), 0) + 1, false)`); err != nil {
				return fmt.Errorf("%s ids: %w", table, err)
			}
		}
		return nil
	})
	if err != nil {
		return Copied{}, fmt.Errorf("copy case register: %w", err)
	}
	return c, nil
}
