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
// spans two of them; the index merged into one b-tree ('optimize'), as a
// catalogue that changes rarely would keep it. A term of three or more
// characters is a phrase MATCH (the trigram index); a shorter one is
// LIKE '%term%' on both columns, which trigram tables answer by scanning,
// as FTS5 documents. One pass over the matching rowids, each joined to a
// small table of publication dates, counts them and keeps the newest 20;
// then, as Store.Search gives a results page, each one's title and a
// snippet (FTS5's snippet() for a MATCH).
type fts5Peer struct{ db *sql.DB }

func (fts5Peer) name() string { return "FTS5 trigram" }

func (p fts5Peer) close() { p.db.Close() }

const fts5Schema = `CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(head, body, tokenize = 'trigram');
	CREATE TABLE IF NOT EXISTS docs_meta (dno INTEGER PRIMARY KEY, published TEXT NOT NULL, title TEXT NOT NULL);
	CREATE TABLE IF NOT EXISTS peer_state (done TEXT PRIMARY KEY)`

// openFTS5 opens the peer's database at path, building it from the kiosk
// store's documents unless it is already there (reuse): the FTS5 table,
// the dates, the merge (each step is recorded, so a reused database
// finishes what an earlier run left).
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
	if _, err := db.ExecContext(ctx, fts5Schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("FTS5 (build with -tags sqlite_fts5): %w", err)
	}
	steps := []struct {
		name string
		do   func() (int, error)
	}{
		{"indexed", func() (int, error) { return p.load(ctx, s, "docs") }},
		{"dated", func() (int, error) { return p.load(ctx, s, "docs_meta") }},
		{"merged (optimize)", func() (int, error) {
			_, err := db.ExecContext(ctx, `INSERT INTO docs (docs) VALUES ('optimize')`)
			return 0, err
		}},
	}
	for _, st := range steps {
		var done int
		db.QueryRowContext(ctx, `SELECT count(*) FROM peer_state WHERE done = ?`, st.name).Scan(&done)
		if done > 0 {
			continue
		}
		w0, c0 := time.Now(), benchstat.CPUTime()
		n, err := st.do()
		if err == nil {
			_, err = db.ExecContext(ctx, `INSERT INTO peer_state (done) VALUES (?)`, st.name)
		}
		if err != nil {
			db.Close()
			return nil, err
		}
		wall, cpu := time.Since(w0), benchstat.CPUTime()-c0
		fmt.Printf("FTS5 trigram peer: %s %d documents in %v (%.0f documents/s; process CPU %v)\n",
			st.name, n, wall.Round(time.Millisecond), float64(n)/wall.Seconds(), cpu.Round(time.Millisecond))
	}
	return p, nil
}

// load copies every stored document into table (docs: the folded text;
// docs_meta: date and title), 500 to a transaction, unless it has rows.
func (p *fts5Peer) load(ctx context.Context, s *store.Store, table string) (int, error) {
	var have int
	if err := p.db.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&have); err != nil || have > 0 {
		return 0, err
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT dno, data FROM documents ORDER BY dno`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	type row struct {
		dno  int64
		a, b string
	}
	var batch []row
	flush := func() error {
		tx, err := p.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		query := `INSERT INTO docs (rowid, head, body) VALUES (?, ?, ?)`
		if table == "docs_meta" {
			query = `INSERT INTO docs_meta (dno, published, title) VALUES (?, ?, ?)`
		}
		ins, err := tx.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		for _, r := range batch {
			if _, err := ins.ExecContext(ctx, r.dno, r.a, r.b); err != nil {
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
		r := row{dno: dno, a: d.Published, b: d.Title}
		if table == "docs" {
			r.a, r.b = folded(d)
		}
		batch = append(batch, r)
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
	rows, err := p.db.QueryContext(ctx, `SELECT m.dno, m.published FROM docs JOIN docs_meta m ON m.dno = docs.rowid
		WHERE `+strings.Join(where, " AND "), args...)
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
	// The results page: each hit's title and a snippet, FTS5's own for a
	// MATCH, else the body around the first short term.
	for _, r := range *top {
		var title, snippet string
		if err := p.db.QueryRowContext(ctx, `SELECT title FROM docs_meta WHERE dno = ?`, r.dno).Scan(&title); err != nil {
			return 0, err
		}
		var err error
		if len(phrases) > 0 {
			err = p.db.QueryRowContext(ctx, `SELECT snippet(docs, -1, '[', ']', '…', 24) FROM docs WHERE docs MATCH ? AND rowid = ?`,
				args[len(args)-1], r.dno).Scan(&snippet)
		} else {
			err = p.db.QueryRowContext(ctx, `SELECT substr(body, max(1, instr(body, ?) - 20), 80) FROM docs WHERE rowid = ?`,
				strings.Trim(args[0].(string), "%"), r.dno).Scan(&snippet)
		}
		if err != nil {
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
