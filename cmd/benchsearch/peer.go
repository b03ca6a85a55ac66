package main

import (
	"container/heap"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/benchstat"
	"gongkai/internal/domain"
	"gongkai/internal/search"
	"gongkai/internal/store"
)

// A peer answers the same queries another way, for the side-by-side
// table: the number of hits and the newest 20, as a results page needs.
type peer interface {
	name() string
	search(ctx context.Context, query string) (int, error)
	close()
}

// likePeer runs the query the naive way: every word as LIKE '%word%' over
// each document's stored JSON (title, 文号, 关键词, body), counting the
// matches and fetching the newest 20.
type likePeer struct{ db *sql.DB }

func (likePeer) name() string { return "LIKE" }
func (likePeer) close()       {}

func (p likePeer) search(ctx context.Context, q string) (int, error) {
	words := strings.Fields(q)
	var where []string
	var args []any
	for _, w := range words {
		where = append(where, "data LIKE ?")
		args = append(args, "%"+w+"%")
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := p.db.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE `+cond, args...).Scan(&total); err != nil {
		return 0, err
	}
	rows, err := p.db.QueryContext(ctx, `SELECT id, title FROM documents WHERE `+cond+`
		ORDER BY published DESC LIMIT 20`, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return total, rows.Err()
}

// fts5Peer is SQLite's FTS5 with its trigram tokenizer over the same text
// the kiosk indexes, folded the same way (search.Normalize), in a database
// of its own: head (title, 文号, 关键词) and body (blocks, 索引号) columns,
// fields separated by a space so that, as in the kiosk's index, no match
// spans two of them. A term of three or more characters is a phrase MATCH
// (the trigram index); a shorter one is LIKE '%term%' on both columns,
// which trigram tables answer by scanning, as FTS5 documents. One pass
// over the matching rows counts them and keeps the newest 20, whose
// titles are then read.
type fts5Peer struct{ db *sql.DB }

func (fts5Peer) name() string { return "FTS5 trigram" }

func (p fts5Peer) close() { p.db.Close() }

const fts5Table = `CREATE VIRTUAL TABLE docs USING fts5(head, body, title UNINDEXED, published UNINDEXED,
	tokenize = 'trigram')`

// openFTS5 opens the peer's database at path, building it from the kiosk
// store's documents unless it is already there (reuse).
func openFTS5(ctx context.Context, path string, s *store.Store, reuse bool) (*fts5Peer, error) {
	if !reuse {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL&_cache_size=-16384")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	p := &fts5Peer{db: db}
	var n int
	if reuse && db.QueryRowContext(ctx, `SELECT count(*) FROM docs`).Scan(&n) == nil && n > 0 {
		fmt.Printf("FTS5 trigram peer: reusing %s (%d documents)\n", path, n)
		return p, nil
	}
	if _, err := db.ExecContext(ctx, fts5Table); err != nil {
		db.Close()
		return nil, fmt.Errorf("FTS5 (build with -tags sqlite_fts5): %w", err)
	}
	w0, c0 := time.Now(), benchstat.CPUTime()
	n, err = p.load(ctx, s)
	if err != nil {
		db.Close()
		return nil, err
	}
	wall, cpu := time.Since(w0), benchstat.CPUTime()-c0
	fmt.Printf("FTS5 trigram peer: indexed %d documents at %.0f documents/s (wall %v; process CPU %v)\n",
		n, float64(n)/wall.Seconds(), wall.Round(time.Millisecond), cpu.Round(time.Millisecond))
	return p, nil
}

// load copies every stored document into the FTS5 table, 500 to a
// transaction.
func (p *fts5Peer) load(ctx context.Context, s *store.Store) (int, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT dno, data FROM documents ORDER BY dno`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	type row struct {
		dno                          int64
		head, body, title, published string
	}
	var batch []row
	flush := func() error {
		tx, err := p.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		st, err := tx.PrepareContext(ctx, `INSERT INTO docs (rowid, head, body, title, published) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		for _, r := range batch {
			if _, err := st.ExecContext(ctx, r.dno, r.head, r.body, r.title, r.published); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return tx.Commit()
	}
	n := 0
	for rows.Next() {
		var dno int64
		var data []byte
		if err := rows.Scan(&dno, &data); err != nil {
			return n, err
		}
		var d domain.Document
		if err := json.Unmarshal(data, &d); err != nil {
			return n, err
		}
		head, body := folded(d)
		batch = append(batch, row{dno, head, body, d.Title, d.Published})
		n++
		if len(batch) == 500 {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// folded returns a document's head and body as the kiosk indexes them,
// folded, fields separated by a space.
func folded(d domain.Document) (head, body string) {
	hs := append([]string{d.Title, d.DocNo}, d.Keywords...)
	var bs []string
	for _, b := range d.Body {
		bs = append(bs, b.Text)
		bs = append(bs, b.Items...)
		for _, row := range b.Rows {
			bs = append(bs, row...)
		}
	}
	bs = append(bs, d.IndexNo)
	fold := func(fs []string) string {
		var out []string
		for _, f := range fs {
			if n := search.Normalize(f); n != "" {
				out = append(out, n)
			}
		}
		return strings.Join(out, " ")
	}
	return fold(hs), fold(bs)
}

func (p fts5Peer) search(ctx context.Context, q string) (int, error) {
	var phrases, where []string
	var args []any
	for _, t := range search.Parse(q).Terms {
		if utf8.RuneCountInString(t) >= 3 {
			phrases = append(phrases, `"`+t+`"`)
			continue
		}
		where = append(where, "(head LIKE ? OR body LIKE ?)")
		args = append(args, "%"+t+"%", "%"+t+"%")
	}
	if len(phrases) > 0 {
		where = append(where, "docs MATCH ?")
		args = append(args, strings.Join(phrases, " AND "))
	}
	if len(where) == 0 {
		return 0, nil
	}
	rows, err := p.db.QueryContext(ctx, `SELECT rowid, published FROM docs WHERE `+strings.Join(where, " AND "), args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	total := 0
	top := &newest{}
	for rows.Next() {
		var r hit
		if err := rows.Scan(&r.dno, &r.published); err != nil {
			return 0, err
		}
		total++
		heap.Push(top, r)
		if top.Len() > 20 {
			heap.Pop(top)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, r := range *top {
		var title string
		if err := p.db.QueryRowContext(ctx, `SELECT title FROM docs WHERE rowid = ?`, r.dno).Scan(&title); err != nil {
			return 0, err
		}
	}
	return total, nil
}

type hit struct {
	dno       int64
	published string
}

// newest is a min-heap of hits by publication date, then dno: the oldest
// of the best 20 on top.
type newest []hit

func (h newest) Len() int { return len(h) }
func (h newest) Less(i, j int) bool {
	if h[i].published != h[j].published {
		return h[i].published < h[j].published
	}
	return h[i].dno < h[j].dno
}
func (h newest) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *newest) Push(x any)   { *h = append(*h, x.(hit)) }
func (h *newest) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
