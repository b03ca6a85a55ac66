package hub

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"gongkai/internal/pgdb/pgtest"
	"gongkai/sync/protocol"
)

// TestPGPutBlobRidesThrough: on PostgreSQL, the connection of a PutBlob
// is lost in the middle of its transaction, after its first chunk was
// written and the second read from the source; the upload is written
// again from the start on a new connection and stored whole, once, from
// a source that seeks (a file) and from one that does not (a bundle's
// entry, spooled to the hub's data directory and removed after). A
// source too long for its size is refused, and its spool removed too.
func TestPGPutBlobRidesThrough(t *testing.T) {
	ctx := context.Background()
	url, dir := pgtest.URL(t), t.TempDir()
	st, err := OpenStore(ctx, dir, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// admin watches and ends sessions; holder holds a chunk's key (two
	// connections: a transaction sees one snapshot of pg_stat_activity).
	admin, holder := connect(t, url), connect(t, url)
	spooled := func() []string {
		m, _ := filepath.Glob(filepath.Join(dir, ".blob-*"))
		return m
	}
	for i, source := range []struct {
		name string
		open func([]byte) io.Reader
	}{
		{"seeks", func(b []byte) io.Reader { return bytes.NewReader(b) }},
		{"streams", func(b []byte) io.Reader { return io.MultiReader(bytes.NewReader(b)) }},
	} {
		data := make([]byte, 2*blobChunk+blobChunk/2)
		for j := range data {
			data[j] = byte(j*7/3 + i)
		}
		sum := sha256.Sum256(data)
		sha := hex.EncodeToString(sum[:])

		// Another session holds chunk 1's key, uncommitted: PutBlob's
		// insert of chunk 1 waits for it, chunk 0 written.
		block, err := holder.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := block.Exec(ctx, `INSERT INTO blob_chunks (sha256, n, data) VALUES ($1, 1, 'x')`, sha); err != nil {
			t.Fatal(err)
		}
		put := make(chan error, 1)
		go func() { put <- st.PutBlob(ctx, sha, int64(len(data)), source.open(data)) }()
		var ended int
		for deadline := time.Now().Add(time.Minute); ended == 0; time.Sleep(10 * time.Millisecond) {
			if err := admin.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
				WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
				AND query LIKE 'INSERT INTO blob_chunks%'`).Scan(&ended); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-put:
				t.Fatalf("%s: PutBlob = %v before it waited on chunk 1", source.name, err)
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: PutBlob never waited on chunk 1", source.name)
			}
		}
		if err := block.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if err := <-put; err != nil {
			t.Fatalf("%s: PutBlob with its connection lost midway: %v", source.name, err)
		}
		r, err := st.OpenBlob(ctx, sha)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		r.Close()
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%s: read back %d bytes (%v), want %d", source.name, len(got), err, len(data))
		}
		var chunks int
		if err := admin.QueryRow(ctx, `SELECT count(*) FROM blob_chunks WHERE sha256 = $1`, sha).Scan(&chunks); err != nil || chunks != 3 {
			t.Fatalf("%s: %d chunks stored (%v), want 3", source.name, chunks, err)
		}
		if m := spooled(); len(m) != 0 {
			t.Errorf("%s: spool files left: %v", source.name, m)
		}
	}

	long := make([]byte, 2*blobChunk)
	sum := sha256.Sum256(long[:len(long)-1])
	sha := hex.EncodeToString(sum[:])
	if err := st.PutBlob(ctx, sha, int64(len(long)-1), io.MultiReader(bytes.NewReader(long))); !errors.Is(err, protocol.ErrContent) {
		t.Errorf("a source longer than its size: %v, want ErrContent", err)
	}
	if have, err := st.HasBlob(ctx, sha); have || err != nil {
		t.Errorf("after a refused upload: HasBlob = %v, %v", have, err)
	}
	if m := spooled(); len(m) != 0 {
		t.Errorf("spool files left after a refused upload: %v", m)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}

// connect opens a connection of its own to url, closed when the test ends.
func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}
