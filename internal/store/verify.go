package store

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"gongkai/internal/domain"
	"gongkai/internal/search"
)

// Verifying a phrase against the text. A long list is read whole (its
// blob), however few of its entries a seek needs: the last trigram of a
// rare 20-character phrase ending in a common one costs hundreds of KB.
// When the grams whose lists are already read (short, read while
// probing) leave few candidate documents, reading those documents and
// looking for the term in their folded text costs less, and finds
// exactly what the lists would: the term within one field of the part,
// as the index holds it.

// verifyDocBytes is what verifying one candidate is reckoned to cost, in
// bytes of list read instead: reading and folding a document of a few
// thousand characters. A variable so that the tests can send every
// phrase they can down this path (export_test.go), and count the parts
// verified (verifications).
var verifyDocBytes int64 = 32 << 10

var verifications atomic.Int64

// verified returns the documents among restrict whose part ns contains
// term, when the cover of the term's grams needs lists not read yet and
// the grams read so far leave few enough candidates to verify instead;
// ok is false when the lists should be matched as usual.
func (s *Store) verified(ctx context.Context, term string, ns uint64, grams []search.Gram, ls []gramLists,
	cover []int, restrict bitset) (set bitset, ok bool, err error) {
	var unread int64
	for _, i := range cover {
		if !allRead(ls[i][ns]) {
			unread += ls[i].size(ns)
		}
	}
	if unread == 0 {
		return nil, false, nil
	}
	var cs []*cursor
	var offsets []int64
	for i, g := range grams {
		if allRead(ls[i][ns]) {
			cs = append(cs, newCursor(ls[i][ns], search.HasPositions(g.Key)))
			offsets = append(offsets, int64(g.Offset))
		}
	}
	if len(cs) == 0 {
		return nil, false, nil
	}
	cands := match(cs, offsets, restrict)
	n := int64(cands.count())
	if n > unread/verifyDocBytes {
		return nil, false, nil
	}
	verifications.Add(1)
	set = make(bitset, len(restrict))
	if n == 0 {
		return set, true, nil
	}
	var dnos []any
	cands.each(func(d int64) { dnos = append(dnos, d) })
	rows, err := s.db.QueryContext(ctx, `SELECT dno, data FROM documents WHERE dno IN (?`+
		strings.Repeat(",?", len(dnos)-1)+`)`, dnos...)
	if err != nil {
		return nil, false, fmt.Errorf("search: %w", corrupt(err))
	}
	defer rows.Close()
	for rows.Next() {
		var dno int64
		var data []byte
		if err := rows.Scan(&dno, &data); err != nil {
			return nil, false, fmt.Errorf("search: %w", err)
		}
		var d domain.Document
		if err := decodeDocument(data, &d); err != nil {
			return nil, false, nil // let the lists decide
		}
		f := termFinder{term: term, head: ns == search.GramHead}
		indexDocument(&f, &d)
		if f.long {
			return nil, false, nil // beyond the positions the index holds
		}
		if f.found {
			set.set(dno)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("search: %w", corrupt(err))
	}
	return set, true, nil
}

func allRead(parts []part) bool {
	for _, p := range parts {
		if p.list == nil {
			return false
		}
	}
	return true
}

// termFinder looks for a term in the fields of one part of a document
// (indexDocument feeds them, as it feeds the index): folded, within one
// field. A part longer than the index's positions reach (search.MaxPos)
// is reported long: there the index, not the text, decides.
type termFinder struct {
	term  string
	head  bool
	found bool
	long  bool
	bytes int
}

func (f *termFinder) Head(text string) {
	if f.head {
		f.field(text)
	}
}

func (f *termFinder) Body(text string) {
	if !f.head {
		f.field(text)
	}
}

// maxFoldGrowth bounds how many units one byte of text folds to (NFKC
// expands some 3-byte characters to 18), so that a part of bytes b has
// fewer than maxFoldGrowth*b positions.
const maxFoldGrowth = 6

func (f *termFinder) field(text string) {
	f.bytes += len(text) + 2
	if f.bytes*maxFoldGrowth > search.MaxPos {
		f.long = true
	}
	if !f.found && !f.long && search.Contains(text, f.term) {
		f.found = true
	}
}
