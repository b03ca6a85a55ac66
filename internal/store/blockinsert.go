package store

import (
	"fmt"
)

// blockInserter inserts a segment writer's finished blocks on a goroutine
// of its own, so that while SQLite stores one block the builder encodes
// the next lists on the other CPU: writing a batch's segment was half of
// a first sync's time in Apply, and most of it on one CPU.
type blockInserter struct {
	blocks chan pendingBlock
	free   chan []byte // block buffers to reuse
	done   chan struct{}
	err    error    // the first insert that failed; the rest are skipped
	dir    blockDir // of the blocks inserted
}

type pendingBlock struct {
	first uint64
	data  []byte
}

// inserterDepth is how many finished blocks may wait for SQLite.
const inserterDepth = 16

// insertInBackground makes w hand its blocks to a goroutine that inserts
// them; close or abandon waits for it.
func (w *segmentWriter) insertInBackground() {
	bg := &blockInserter{blocks: make(chan pendingBlock, inserterDepth),
		free: make(chan []byte, inserterDepth+2), done: make(chan struct{})}
	go func() {
		defer close(bg.done)
		for b := range bg.blocks {
			if bg.err == nil {
				bg.err = w.insert(&bg.dir, b.first, b.data)
			}
			select {
			case bg.free <- b.data[:0]:
			default:
			}
		}
	}()
	w.bg = bg
}

// insert stores one block and adds it to dir.
func (w *segmentWriter) insert(dir *blockDir, first uint64, block []byte) error {
	res, err := w.ins.ExecContext(w.ctx, w.seg.ID, int64(first), block)
	if err != nil {
		return fmt.Errorf("write index block: %w", err)
	}
	row, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("write index block: %w", err)
	}
	dir.add(first, row, int32(len(block)))
	return nil
}

// handOver passes the finished block to the inserter and takes a buffer
// for the next.
func (bg *blockInserter) handOver(first uint64, block []byte) []byte {
	bg.blocks <- pendingBlock{first: first, data: block}
	select {
	case b := <-bg.free:
		return b
	default:
		return make([]byte, 0, blockSize)
	}
}

// wait lets the inserter finish the blocks handed over and returns its
// error.
func (bg *blockInserter) wait() error {
	close(bg.blocks)
	<-bg.done
	return bg.err
}
