package foisqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/foi"
	"gongkai/internal/sqldb"
	"gongkai/internal/sqlrows"
)

// Letter implements foi.Store.
func (s *Store) Letter(ctx context.Context, caseID string, id int64) (*foi.LetterFile, error) {
	l := foi.LetterFile{ID: id, CaseID: caseID}
	err := s.db.R().QueryRowContext(ctx, `SELECT n, kind, title, pdf FROM letters WHERE case_id = ? AND id = ?`, caseID, id).
		Scan(&l.N, &l.Kind, &l.Title, &l.PDF)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "案件 %s 没有第 %d 号文书", caseID, id)
	} else if err != nil {
		return nil, fmt.Errorf("letter: %w", err)
	}
	return &l, nil
}

// AddFile implements foi.Store; it sets f.ID and f.Added.
func (s *Store) AddFile(ctx context.Context, f *foi.File) error {
	f.Added = s.now().UTC().Format(time.RFC3339)
	f.Size = len(f.Data)
	err := s.db.Tx(ctx, func(q sqldb.Q) error { // rides through a restart; f.ID is set afresh by every run
		return q.QueryRowContext(ctx, `INSERT INTO case_files (case_id, name, media_type, size, added, added_by, data)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, f.CaseID, f.Name, f.MediaType, f.Size, f.Added, f.By, f.Data).Scan(&f.ID)
	})
	if err != nil {
		return fmt.Errorf("add file: %w", err)
	}
	return nil
}

// Files implements foi.Store.
func (s *Store) Files(ctx context.Context, caseID string) ([]foi.File, error) {
	return sqlrows.Query(ctx, s.db.R(), "files", func(row sqlrows.Scanner) (foi.File, error) {
		f := foi.File{CaseID: caseID}
		err := row.Scan(&f.ID, &f.Name, &f.MediaType, &f.Size, &f.Added, &f.By)
		return f, err
	}, `SELECT id, name, media_type, size, added, added_by FROM case_files WHERE case_id = ? ORDER BY id`, caseID)
}

// File implements foi.Store.
func (s *Store) File(ctx context.Context, caseID string, id int64) (*foi.File, error) {
	f := foi.File{ID: id, CaseID: caseID}
	err := s.db.R().QueryRowContext(ctx, `SELECT name, media_type, size, added, added_by, data FROM case_files WHERE case_id = ? AND id = ?`,
		caseID, id).Scan(&f.Name, &f.MediaType, &f.Size, &f.Added, &f.By, &f.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "案件 %s 没有第 %d 号附件", caseID, id)
	} else if err != nil {
		return nil, fmt.Errorf("file: %w", err)
	}
	return &f, nil
}

// Templates implements foi.Store.
func (s *Store) Templates(ctx context.Context) ([]foi.Template, error) {
	return sqlrows.Query(ctx, s.db.R(), "templates", func(row sqlrows.Scanner) (t foi.Template, err error) {
		err = row.Scan(&t.Key, &t.Title, &t.Body, &t.Updated, &t.UpdatedBy)
		return t, err
	}, `SELECT key, title, body, updated, updated_by FROM letter_templates ORDER BY key`)
}

// SaveTemplate implements foi.Store.
func (s *Store) SaveTemplate(ctx context.Context, t foi.Template) error {
	_, err := s.db.W().ExecContext(ctx, `INSERT INTO letter_templates (key, title, body, updated, updated_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET title = excluded.title, body = excluded.body, updated = excluded.updated,
		updated_by = excluded.updated_by`, t.Key, t.Title, t.Body, t.Updated, t.UpdatedBy)
	if err != nil {
		return fmt.Errorf("save template: %w", err)
	}
	return nil
}

// DeleteTemplate implements foi.Store.
func (s *Store) DeleteTemplate(ctx context.Context, key string) error {
	_, err := s.db.W().ExecContext(ctx, `DELETE FROM letter_templates WHERE key = ?`, key)
	return err
}

// Meta implements foi.Store.
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	return sqlrows.Optional[string](ctx, s.db.R(), `SELECT value FROM foi_meta WHERE key = ?`, key)
}

// SetMeta implements foi.Store.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	_, err := s.db.W().ExecContext(ctx, `INSERT INTO foi_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		key, value)
	return err
}
