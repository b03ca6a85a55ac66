package client

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"gongkai/internal/domain"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

// sqlCatalogue is a small kiosk catalogue on a real SQLite file with the
// contract of the kiosk store's Apply: one transaction per page with the
// cursor, older and gapped pages refused.
type sqlCatalogue struct{ db *sql.DB }

func newSQLCatalogue(t testing.TB, dir string) *sqlCatalogue {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "kiosk.db")+"?_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS objects (kind TEXT, id TEXT, data BLOB, PRIMARY KEY (kind, id));
		CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &sqlCatalogue{db: db}
}

func (s *sqlCatalogue) Cursor(ctx context.Context) (int64, error) {
	var v sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'cursor'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v.Int64, err
}

func (s *sqlCatalogue) ApplyPage(ctx context.Context, from, to int64, changes []domain.Change, at time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var cur int64
	tx.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'cursor'`).Scan(&cur)
	if to <= cur || from > cur {
		return fmt.Errorf("batch %d..%d does not fit cursor %d", from, to, cur)
	}
	for _, c := range changes {
		if c.Deleted {
			_, err = tx.ExecContext(ctx, `DELETE FROM objects WHERE kind = ? AND id = ?`, c.Kind, c.ID)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO objects VALUES (?, ?, ?)`, c.Kind, c.ID, []byte(c.Data))
		}
		if err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO meta VALUES ('cursor', ?)`, to); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *sqlCatalogue) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func (s *sqlCatalogue) SetMeta(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, `INSERT OR REPLACE INTO meta VALUES (?, ?)`, key, value)
	return err
}

func (s *sqlCatalogue) Digest(t testing.TB) string {
	t.Helper()
	rows, err := s.db.Query(`SELECT kind, id, data FROM objects`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var objs []domain.Object
	for rows.Next() {
		var o domain.Object
		rows.Scan(&o.Kind, &o.ID, &o.Data)
		objs = append(objs, o)
	}
	return domain.CatalogueDigest(objs)
}

func (s *sqlCatalogue) Get(t testing.TB, kind, id string) []byte {
	var data []byte
	s.db.QueryRow(`SELECT data FROM objects WHERE kind = ? AND id = ?`, kind, id).Scan(&data)
	return data
}

// testHub is a real hub on a loopback listener that can be killed and
// restarted on the same address and data.
type testHub struct {
	t    testing.TB
	dir  string
	addr string
	URL  string
	Hub  *hub.Hub

	mu    sync.Mutex
	srv   *http.Server
	wrap  func(http.Handler) http.Handler // a test's interference
	pages atomic.Int64                    // GET /v1/changes served
	since []int64                         // the since of each page request
}

func startHub(t testing.TB) *testHub {
	t.Helper()
	dir := t.TempDir()
	h, err := hub.Init(context.Background(), dir, hub.Options{})
	if err != nil {
		t.Fatal(err)
	}
	th := &testHub{t: t, dir: dir, Hub: h}
	th.serve()
	t.Cleanup(th.stop)
	return th
}

func (th *testHub) serve() {
	addr := th.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		th.t.Fatal(err)
	}
	th.addr = ln.Addr().String()
	th.URL = "http://" + th.addr
	var h http.Handler = hub.NewServer(th.Hub, hub.ServerOptions{})
	counted := h
	h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/changes" {
			th.pages.Add(1)
			var since int64
			fmt.Sscan(r.URL.Query().Get("since"), &since)
			th.mu.Lock()
			th.since = append(th.since, since)
			th.mu.Unlock()
		}
		th.mu.Lock()
		wrap := th.wrap
		th.mu.Unlock()
		if wrap != nil {
			wrap(counted).ServeHTTP(w, r)
			return
		}
		counted.ServeHTTP(w, r)
	})
	srv := &http.Server{Handler: h}
	th.mu.Lock()
	th.srv = srv
	th.mu.Unlock()
	go srv.Serve(ln)
}

// kill closes the listener and every connection at once, as a crash does.
func (th *testHub) kill() {
	th.mu.Lock()
	srv := th.srv
	th.mu.Unlock()
	srv.Close()
}

// restart kills the hub, reopens its data directory and serves again on
// the same address.
func (th *testHub) restart() {
	th.kill()
	th.Hub.Close()
	h, err := hub.Open(context.Background(), th.dir, hub.Options{})
	if err != nil {
		th.t.Fatal(err)
	}
	th.Hub = h
	th.serve()
}

func (th *testHub) stop() {
	th.kill()
	th.Hub.Close()
}

func (th *testHub) setWrap(w func(http.Handler) http.Handler) {
	th.mu.Lock()
	th.wrap = w
	th.mu.Unlock()
}

func (th *testHub) digest() string {
	d, err := th.Hub.Digest(context.Background())
	if err != nil {
		th.t.Fatal(err)
	}
	return d
}

func (th *testHub) importObjects(objs []domain.Object, files []hub.File, prune bool) *hub.ImportResult {
	th.t.Helper()
	res, err := th.Hub.ImportCatalogue(context.Background(), &hub.Catalogue{Objects: objs, Files: files}, hub.ImportOptions{Prune: prune})
	if err != nil {
		th.t.Fatal(err)
	}
	return res
}

func (th *testHub) enrollCode() string {
	code, _, err := th.Hub.NewEnrollCode(context.Background(), "测试终端")
	if err != nil {
		th.t.Fatal(err)
	}
	return code
}

// testKiosk is a kiosk data directory with its catalogue and client.
type testKiosk struct {
	dir string
	cat *sqlCatalogue
	*Client
}

func newKiosk(t testing.TB) *testKiosk {
	t.Helper()
	dir := t.TempDir()
	cat := newSQLCatalogue(t, dir)
	return &testKiosk{dir: dir, cat: cat, Client: New(dir, cat, Options{})}
}

func enrolledKiosk(t testing.TB, th *testHub) *testKiosk {
	t.Helper()
	k := newKiosk(t)
	if _, err := k.Enroll(context.Background(), th.URL, th.enrollCode(), false); err != nil {
		t.Fatal(err)
	}
	return k
}

func mustJSON(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// catalogue builds a catalogue of one category and n small documents; doc
// 0 carries an attachment.
func catalogue(t testing.TB, n int, title string) ([]domain.Object, []hub.File, domain.Attachment) {
	content := "附件：" + title
	f, a := attachment("note.txt", content)
	objs := []domain.Object{{Kind: domain.KindCategory, ID: "c1", Data: mustJSON(t, domain.Category{ID: "c1", Name: "政策文件"})}}
	for i := range n {
		d := domain.Document{ID: fmt.Sprintf("d%05d", i), Title: fmt.Sprintf("%s 第%d号", title, i), CategoryID: "c1",
			Published: "2026-01-05", Validity: domain.ValidityValid, Body: []domain.Block{{Kind: domain.BlockParagraph, Text: "正文<b>&"}}}
		if i == 0 {
			d.Attachments = []domain.Attachment{a}
		}
		objs = append(objs, domain.Object{Kind: domain.KindDocument, ID: d.ID, Data: mustJSON(t, d)})
	}
	return objs, []hub.File{f}, a
}

func attachment(name, content string) (hub.File, domain.Attachment) {
	sum := sha256Hex([]byte(content))
	return hub.File{SHA256: sum, Size: int64(len(content)), MediaType: "text/plain", Path: "files/" + name,
			Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }},
		domain.Attachment{Name: name, MediaType: "text/plain", Size: int64(len(content)), SHA256: sum}
}

var _ = protocol.Version
