package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"gongkai/internal/domain"
)

// Rebuilding the search index. A migration that changes the index's
// format empties it and sets the meta key metaRebuild to 0; Open then
// indexes the stored documents again, rebuildBatch to a transaction, each
// moving the key to the last dno indexed, so that a rebuild cut off by a
// power cut goes on where it stopped. The key goes once every document is
// indexed.
const (
	metaRebuild  = "search_rebuild"
	rebuildBatch = 1000
)

// rebuildIndex runs the pending rebuild, if any, and gives back the
// indexing buffers after it.
func (s *Store) rebuildIndex(ctx context.Context) error {
	defer func() { s.builder = builder{} }()
	for {
		more, err := s.rebuildStep(ctx)
		if err != nil || !more {
			return err
		}
	}
}

// rebuildStep indexes the next batch of documents and reports whether
// there may be more.
func (s *Store) rebuildStep(ctx context.Context) (bool, error) {
	s.applyMu.Lock()
	defer s.applyMu.Unlock()
	more := false
	err := InTx(ctx, s.db, func(tx *sql.Tx) error {
		mark, err := getMeta(ctx, tx, metaRebuild)
		if err != nil || mark == "" {
			return err
		}
		after, err := strconv.ParseInt(mark, 10, 64)
		if err != nil {
			return fmt.Errorf("meta %s: %q is not a number", metaRebuild, mark)
		}
		rows, err := tx.QueryContext(ctx, `SELECT dno, id, data FROM documents WHERE dno > ? ORDER BY dno LIMIT ?`,
			after, rebuildBatch)
		if err != nil {
			return fmt.Errorf("rebuild index: %w", corrupt(err))
		}
		var dnos []int64
		var changes []domain.Change
		for rows.Next() {
			var dno int64
			var c domain.Change
			if err := rows.Scan(&dno, &c.ID, &c.Data); err != nil {
				rows.Close()
				return fmt.Errorf("rebuild index: %w", err)
			}
			dnos = append(dnos, dno)
			changes = append(changes, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("rebuild index: %w", corrupt(err))
		}
		if len(dnos) == 0 {
			return setMeta(ctx, tx, metaRebuild, "")
		}
		b := &s.builder
		b.reset()
		i := 0
		err = prepareEach(changes, func(p *prepared) error {
			dno := dnos[i]
			i++
			if p.err != nil {
				return nil // stored, so it decoded once; better unsearchable than no kiosk
			}
			if b.full(dno) {
				if _, err := b.flush(ctx, tx); err != nil {
					return err
				}
			}
			b.add(dno, p.ents, p.unis)
			return nil
		})
		if err != nil {
			return err
		}
		if !b.empty() {
			if _, err := b.flush(ctx, tx); err != nil {
				return err
			}
		}
		if _, err := mergeSmall(ctx, tx); err != nil {
			return err
		}
		more = true
		return setMeta(ctx, tx, metaRebuild, strconv.FormatInt(dnos[len(dnos)-1], 10))
	})
	if err == nil {
		s.mu.Lock()
		s.cache.invalidate()
		s.mu.Unlock()
	}
	return more, err
}
