package hub

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/sqlrows"
)

// This file is what every Store's apply shares, whatever holds the rows:
// which objects get new versions and in what order, and the digest over
// stored hashes.

// deleteOrder is the order in which a prune withdraws kinds: things that
// refer to others go before what they refer to.
var deleteOrder = map[string]int{
	domain.KindCalendar: 0, domain.KindEvent: 1, domain.KindConsultation: 2,
	domain.KindDocument: 3, domain.KindCategory: 4, domain.KindStaff: 5,
}

// hubKinds are the kinds the hub publishes from its own records rather
// than from an imported catalogue.
var hubKinds = map[string]bool{domain.KindStaff: true}

// applyFunc writes objects that differ from the stored ones under new
// versions in one transaction, withdrawing the live objects of the kinds
// in scope (nil: none) that objects lacks and those named in withdraw;
// logged records it in the imports table. Each store has its own.
type applyFunc func(ctx context.Context, objects []domain.Object, files []AttachmentInfo, scope func(kind string) bool, withdraw []ObjectKey, logged bool, at time.Time) (*ImportResult, error)

// catalogueWriter gives a store the Store's writes of the catalogue over
// its applyFunc.
type catalogueWriter struct{ apply applyFunc }

// ApplyCatalogue diffs objects against the stored catalogue and writes the
// differences under new versions, all in one transaction. A prune leaves
// the kinds the hub publishes itself (domain.KindStaff) alone.
func (w catalogueWriter) ApplyCatalogue(ctx context.Context, objects []domain.Object, files []AttachmentInfo, prune bool, at time.Time) (*ImportResult, error) {
	return w.apply(ctx, objects, files, pruneScope(prune), nil, true, at)
}

// ReplaceKind makes the live objects of kind equal objects (all of that
// kind) in one transaction: new and changed ones get new versions, missing
// ones become tombstones, other kinds are untouched.
func (w catalogueWriter) ReplaceKind(ctx context.Context, kind string, objects []domain.Object, at time.Time) (*ImportResult, error) {
	for _, o := range objects {
		if o.Kind != kind {
			return nil, fmt.Errorf("replace %s: object %s %s is of another kind", kind, o.Kind, o.ID)
		}
	}
	return w.apply(ctx, objects, nil, func(k string) bool { return k == kind }, nil, false, at)
}

// PublishObjects writes objects like ApplyCatalogue without prune and
// withdraws the live objects of withdraw, in one transaction.
func (w catalogueWriter) PublishObjects(ctx context.Context, objects []domain.Object, files []AttachmentInfo, withdraw []ObjectKey, at time.Time) (*ImportResult, error) {
	return w.apply(ctx, objects, files, nil, withdraw, true, at)
}

// existing is the stored state of one object.
type existing struct {
	version int64
	deleted bool
	hash    []byte
}

// objectWrite is one row an apply writes, in version order: an object's
// new bytes, or a tombstone (Deleted, no Hash or Data).
type objectWrite struct {
	Kind, ID string
	Deleted  bool
	Hash     []byte
	Data     []byte
}

// pruneScope is the scope of ApplyCatalogue: with prune, the live objects
// of every kind but the hub's own that objects lacks are withdrawn.
func pruneScope(prune bool) func(kind string) bool {
	if !prune {
		return nil
	}
	return func(kind string) bool { return !hubKinds[kind] }
}

// planApply diffs objects against have (the stored objects, tombstones
// included: every one when scope is set, else at least those objects and
// withdraw name) and returns the rows to write in version order: new and
// changed objects, then withdrawals of the live objects of the kinds in
// scope (nil: none) that objects lacks and of those named in withdraw.
// res counts them; its From and To are left to the caller.
func planApply(have map[ObjectKey]existing, objects []domain.Object, scope func(kind string) bool, withdraw []ObjectKey) ([]objectWrite, ImportResult, error) {
	var res ImportResult
	var writes []objectWrite
	seen := make(map[ObjectKey]bool, len(objects))
	for _, o := range objects {
		k := ObjectKey{o.Kind, o.ID}
		if seen[k] {
			return nil, res, fmt.Errorf("%s %q appears twice", o.Kind, o.ID)
		}
		seen[k] = true
		sum := sha256.Sum256(o.Data)
		e, ok := have[k]
		switch {
		case ok && !e.deleted && bytes.Equal(e.hash, sum[:]):
			res.Unchanged++
			continue
		case ok && !e.deleted:
			res.Updated++
		default:
			res.Added++
		}
		writes = append(writes, objectWrite{Kind: o.Kind, ID: o.ID, Hash: sum[:], Data: o.Data})
	}
	var gone []ObjectKey
	if scope != nil {
		for k, e := range have {
			if !e.deleted && !seen[k] && scope(k.Kind) {
				gone = append(gone, k)
			}
		}
	}
	for _, k := range withdraw {
		if e, ok := have[k]; ok && !e.deleted && !seen[k] && scope == nil {
			gone = append(gone, k)
			seen[k] = true // listed twice: withdrawn once
		}
	}
	sort.Slice(gone, func(i, j int) bool {
		a, b := gone[i], gone[j]
		if deleteOrder[a.Kind] != deleteOrder[b.Kind] {
			return deleteOrder[a.Kind] < deleteOrder[b.Kind]
		}
		return have[a].version > have[b].version // children were written after parents
	})
	for _, k := range gone {
		res.Deleted++
		writes = append(writes, objectWrite{Kind: k.Kind, ID: k.ID, Deleted: true})
	}
	return writes, res, nil
}

// digestLines collects the live objects' hashes for
// domain.CatalogueDigest without loading their data.
type digestLines []string

func (d *digestLines) add(kind, id string, hash []byte) {
	*d = append(*d, kind+"\t"+id+"\t"+hex.EncodeToString(hash)+"\n")
}

// sum is domain.CatalogueDigest of the objects added (a test checks it).
func (d digestLines) sum() string {
	sort.Strings(d)
	h := sha256.New()
	for _, l := range d {
		h.Write([]byte(l))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// readChanges reads rows of (version, kind, id, deleted, data) in version
// order, stopping before the one that would take their data past
// maxBytes (always at least one); cut says it stopped early.
func readChanges(rows sqlrows.Rows, maxBytes int) (changes []domain.Change, cut bool, err error) {
	size := 0
	for rows.Next() {
		var c domain.Change
		var data []byte // a tombstone's NULL
		if err := rows.Scan(&c.Version, &c.Kind, &c.ID, &c.Deleted, &data); err != nil {
			return nil, false, err
		}
		c.Data = data
		if len(changes) > 0 && size+len(c.Data) > maxBytes {
			return changes, true, nil
		}
		size += len(c.Data)
		changes = append(changes, c)
	}
	return changes, false, rows.Err()
}
