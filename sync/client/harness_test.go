package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/store"
	"gongkai/sync/hub"
)

// kioskCatalogue is a real kiosk store (internal/store) in a temporary
// data directory, with helpers for the tests.
type kioskCatalogue struct {
	*StoreCatalogue
}

func newKioskCatalogue(t testing.TB, dir string) *kioskCatalogue {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(dir, "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &kioskCatalogue{NewStoreCatalogue(s)}
}

// Digest is the kiosk store's own domain.CatalogueDigest.
func (k *kioskCatalogue) Digest(t testing.TB) string {
	t.Helper()
	d, err := k.Store.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Get returns the stored bytes of one object, nil if absent.
func (k *kioskCatalogue) Get(t testing.TB, kind, id string) []byte {
	t.Helper()
	objs, err := k.Store.Objects(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.Kind == kind && o.ID == id {
			return o.Data
		}
	}
	return nil
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

// load imports catalogue(n, title) and returns its attachment.
func (th *testHub) load(n int, title string, prune bool) domain.Attachment {
	th.t.Helper()
	objs, files, att := catalogue(th.t, n, title)
	th.importObjects(objs, files, prune)
	return att
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
	cat *kioskCatalogue
	*Client
}

func newKiosk(t testing.TB) *testKiosk {
	t.Helper()
	dir := t.TempDir()
	cat := newKioskCatalogue(t, dir)
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
