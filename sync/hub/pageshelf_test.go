package hub

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"gongkai/internal/domain"
	"gongkai/sync/protocol"
)

// shelfHub is a hub with a small page budget (so that pages are cut by
// bytes as well as by versions) serving on a loopback listener, and one
// kiosk's credential.
func shelfHub(t *testing.T, st storeMaker) (*Hub, string, string) {
	t.Helper()
	h, _ := st.init(t)
	h.PageBytes = 1500
	url, cred := serveEnrolled(t, h)
	return h, url, cred
}

// serveEnrolled serves h on a loopback listener until the test ends and
// enrols one kiosk, returning the URL and the kiosk's credential.
func serveEnrolled(t *testing.T, h *Hub) (string, string) {
	t.Helper()
	srv := httptest.NewServer(NewServer(h, ServerOptions{}))
	t.Cleanup(srv.Close)
	code, _, err := h.NewEnrollCode(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	er, err := h.Enroll(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return srv.URL, er.KioskID + "." + er.Token
}

// preparedShelf is shelfHub holding n categories, with the shelf of a
// kiosk asking limit changes per page prepared.
func preparedShelf(t *testing.T, st storeMaker, n, limit int) (*Hub, string, string) {
	t.Helper()
	h, url, cred := shelfHub(t, st)
	if _, err := h.ImportCatalogue(context.Background(), &Catalogue{Objects: categories(t, 0, n, "")}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	getPage(t, h, url, cred, 0, limit) // the shelf learns the grid
	if err := h.PreparePages(context.Background()); err != nil {
		t.Fatal(err)
	}
	return h, url, cred
}

// categories makes n categories from first, of varied sizes; rev changes
// their data.
func categories(t *testing.T, first, n int, rev string) []domain.Object {
	var out []domain.Object
	for i := first; i < first+n; i++ {
		id := fmt.Sprintf("c%04d", i)
		name := rev + strings.Repeat("名", 10+(i*37)%90)
		out = append(out, obj(t, domain.KindCategory, id, domain.Category{ID: id, Name: name, Order: i}))
	}
	return out
}

// servedPage is a page as a kiosk received it.
type servedPage struct {
	gz, payload, sig []byte
	page             *protocol.Page
}

func getPage(t *testing.T, h *Hub, url, cred string, since int64, limit int) servedPage {
	t.Helper()
	return askPage(t, h, url, cred, since, limit, false)
}

// askPage is getPage for a kiosk that accepts, with overlap, a page that
// starts below since.
func askPage(t *testing.T, h *Hub, url, cred string, since int64, limit int, overlap bool) servedPage {
	t.Helper()
	q := fmt.Sprintf("%s/v1/changes?since=%d&limit=%d", url, since, limit)
	if overlap {
		q += "&" + protocol.QueryOverlap + "=1"
	}
	resp := do(t, "GET", q, cred, nil, map[string]string{"Accept-Encoding": "gzip"})
	defer resp.Body.Close()
	gz, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("since %d: %s %s", since, resp.Status, gz)
	}
	payload := gz
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		payload, _ = io.ReadAll(zr)
	} else {
		gz = nil // a short page made for this kiosk
	}
	sig, _ := base64.StdEncoding.DecodeString(resp.Header.Get(protocol.HeaderSignature))
	p, err := protocol.VerifyPage(h.Keys.SignPublic(), payload, sig)
	if err != nil {
		t.Fatalf("since %d: %v", since, err)
	}
	if got := resp.Header.Get(protocol.HeaderPageTo); got != strconv.FormatInt(p.To, 10) {
		t.Fatalf("since %d: %s says to %s, the page %d", since, protocol.HeaderPageTo, got, p.To)
	}
	return servedPage{gz: gz, payload: payload, sig: sig, page: p}
}

// walk follows the pages from since to the head as a kiosk does and
// checks that they bring exactly the hub's changes above since: what makes
// a kiosk holding the catalogue at since equal the hub's.
func walk(t *testing.T, h *Hub, url, cred string, since int64, limit int) int {
	t.Helper()
	return walkAsking(t, h, url, cred, since, limit, false)
}

// walkAsking is walk for a kiosk that asks with overlap or not; one that
// does skips the changes a page holds at or below its cursor.
func walkAsking(t *testing.T, h *Hub, url, cred string, since int64, limit int, overlap bool) int {
	t.Helper()
	want, _, head, err := h.Store.Changes(context.Background(), since, math.MaxInt64, math.MaxInt)
	if err != nil {
		t.Fatal(err)
	}
	var got []domain.Change
	pages := 0
	for at := since; ; {
		sp := askPage(t, h, url, cred, at, limit, overlap)
		p := sp.page
		if p.From != at && !(overlap && p.From < at && p.To > at) || p.To-p.From > int64(limit) {
			t.Fatalf("from %d: page %d..%d at %d for limit %d (overlap %v)", since, p.From, p.To, at, limit, overlap)
		}
		pages++
		for _, c := range p.Changes {
			if c.Version > at {
				got = append(got, c)
			}
		}
		at = p.To
		if !p.More {
			break
		}
	}
	if len(got) != len(want) {
		t.Fatalf("from %d: %d changes, want %d (head %d)", since, len(got), len(want), head)
	}
	for i := range got {
		if got[i].Version != want[i].Version || got[i].ID != want[i].ID || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Fatalf("from %d: change %d is %d %s, want %d %s (or other data)", since, i, got[i].Version, got[i].ID, want[i].Version, want[i].ID)
		}
	}
	return pages
}

// TestShelfPagesEqualMadePages checks that every page a kiosk gets, from
// the shelf or made for it, is byte for byte the page made directly for
// the same range: payload, signature and compressed body.
func TestShelfPagesEqualMadePages(t *testing.T) { eachStore(t, testShelfPagesEqualMadePages) }

func testShelfPagesEqualMadePages(t *testing.T, st storeMaker) {
	ctx := context.Background()
	const limit = 100 // fine grid 2, buckets of 100
	h, url, cred := preparedShelf(t, st, 260, limit)
	shelved := 0
	for since := int64(0); since <= 260; since++ {
		sp := getPage(t, h, url, cred, since, limit)
		want, p, err := h.PageBetween(ctx, since, sp.page.To)
		if err != nil {
			t.Fatal(err)
		}
		if p.To != sp.page.To || !bytes.Equal(sp.payload, want.Payload) || !bytes.Equal(sp.sig, want.Signature) || sp.gz != nil && !bytes.Equal(sp.gz, gzipBytes(want.Payload)) {
			t.Fatalf("since %d: served page to %d differs from the page made for %d..%d", since, sp.page.To, since, p.To)
		}
		if sp.gz != nil {
			shelved++
		} else if since%2 == 0 && since < 260 {
			t.Fatalf("since %d, a fine-grid point, was not served from the shelf", since)
		}
	}
	b, err := readBucket(filepath.Join(h.Dir, PagesDir, "l100", "b1"))
	if err != nil {
		t.Fatal(err)
	}
	if !b.Fine || b.Count != 100 || len(b.Pages) < 50 {
		t.Fatalf("bucket 1 on disk: fine %v, %d changes, %d pages", b.Fine, b.Count, len(b.Pages))
	}
	if shelved == 0 {
		t.Fatal("no page from the shelf")
	}
}

// TestShelfOverlapPages checks that a kiosk asking with overlap from a
// version between fine-grid points gets the shelf's fine page from the
// point below (compressed, the same bytes every such kiosk gets) instead
// of a page made for it alone, never a longer one, and that skipping what it has, it reaches
// exactly the hub's changes from any version.
func TestShelfOverlapPages(t *testing.T) { eachStore(t, testShelfOverlapPages) }

func testShelfOverlapPages(t *testing.T, st storeMaker) {
	const limit = 100 // fine grid 2, buckets of 100
	h, url, cred := preparedShelf(t, st, 261, limit)
	overlapped := 0
	for since := int64(0); since <= 261; since++ {
		sp := askPage(t, h, url, cred, since, limit, true)
		p := sp.page
		switch {
		case p.From == since:
		case p.From == since/2*2 && p.To > since && p.To-p.From <= 2:
			overlapped++
			if sp.gz == nil {
				t.Fatalf("since %d: the page %d..%d was made for the kiosk, not read from the shelf", since, p.From, p.To)
			}
		default:
			t.Fatalf("since %d: page %d..%d", since, p.From, p.To)
		}
		if since%5 == 0 {
			walkAsking(t, h, url, cred, since, limit, true)
		}
	}
	// 131 versions are between fine-grid points; the others of them are
	// below a chain page or a page cut short by the byte budget.
	if overlapped < 65 {
		t.Fatalf("%d of 131 kiosks between fine-grid points got a shelf page from the point below, want at least half", overlapped)
	}
	if sp := getPage(t, h, url, cred, 101, limit); sp.page.From != 101 {
		t.Fatalf("without overlap: a page from %d for a kiosk at 101", sp.page.From)
	}
}

// TestShelfAfterImport checks that an import keeps the buckets it did not
// touch, makes again the ones whose changes moved and the one it extended,
// and that kiosks at any version still get exactly the changes above it.
// A store that cannot count changes (no ChangeRanger) has every bucket
// made again.
func TestShelfAfterImport(t *testing.T) { eachStore(t, testShelfAfterImport) }

func testShelfAfterImport(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, url, cred := shelfHub(t, st)
	objs := categories(t, 0, 340, "")
	if _, err := h.ImportCatalogue(ctx, &Catalogue{Objects: objs}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	const limit = 100
	getPage(t, h, url, cred, 0, limit)
	if err := h.PreparePages(ctx); err != nil {
		t.Fatal(err)
	}
	stat := func(b int) os.FileInfo {
		st, err := os.Stat(filepath.Join(h.Dir, PagesDir, "l100", "b"+strconv.Itoa(b)))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	before := []os.FileInfo{stat(0), stat(1), stat(2), stat(3)}
	// Change objects of bucket 0 (versions 1-100) and add new ones.
	changed := slices.Concat(categories(t, 10, 5, "改"), categories(t, 340, 30, ""))
	if _, err := h.ImportCatalogue(ctx, &Catalogue{Objects: changed}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := h.PreparePages(ctx); err != nil {
		t.Fatal(err)
	}
	_, counts := h.Store.(ChangeRanger)
	if !counts {
		t.Errorf("%T cannot count changes: every import makes the whole shelf again", h.Store)
	}
	for b, moved := range []bool{true, !counts, !counts, true} {
		if got := !os.SameFile(before[b], stat(b)); got != moved {
			t.Errorf("bucket %d made again: %v, want %v", b, got, moved)
		}
	}
	for since := int64(0); since <= 375; since += 13 {
		walk(t, h, url, cred, since, limit)
		walkAsking(t, h, url, cred, since, limit, true)
	}
	// A withdrawal (prune) moves changes in every bucket.
	if _, err := h.ImportCatalogue(ctx, &Catalogue{Objects: objs[:200]}, ImportOptions{Prune: true}); err != nil {
		t.Fatal(err)
	}
	for since := int64(0); since <= 515; since += 29 {
		walk(t, h, url, cred, since, limit)
		walkAsking(t, h, url, cred, since, limit, true)
	}
}

// TestShelfAfterARestore checks that a hub started again keeps its shelf,
// and that one started on a store whose versions name other changes
// (SQLite files put back from another history, with a head above the
// shelf's) does not serve the shelf's pages.
func TestShelfAfterARestore(t *testing.T) {
	ctx := context.Background()
	h, url, cred := shelfHub(t, storeMakers[0])
	h.ImportCatalogue(ctx, &Catalogue{Objects: categories(t, 0, 150, "")}, ImportOptions{})
	getPage(t, h, url, cred, 0, 100)
	if err := h.PreparePages(ctx); err != nil {
		t.Fatal(err)
	}
	bucket := filepath.Join(h.Dir, PagesDir, "l100", "b0")
	before, err := os.Stat(bucket)
	if err != nil {
		t.Fatal(err)
	}
	h.Close()

	h, url, cred = reopenShelfHub(t, h.Dir)
	walk(t, h, url, cred, 0, 100)
	if after, err := os.Stat(bucket); err != nil || !os.SameFile(before, after) {
		t.Fatalf("a restart made bucket 0 again (%v)", err)
	}
	h.Close()

	// Another history: 170 categories with other data at the same versions.
	other, _ := mustInit(t)
	other.ImportCatalogue(ctx, &Catalogue{Objects: categories(t, 0, 170, "旧")}, ImportOptions{})
	other.Close()
	for _, name := range []string{"hub.db", "hub.db-wal", "hub.db-shm"} {
		os.Remove(filepath.Join(h.Dir, name))
	}
	copyFile(t, filepath.Join(other.Dir, "hub.db"), filepath.Join(h.Dir, "hub.db"))
	h, url, cred = reopenShelfHub(t, h.Dir)
	walk(t, h, url, cred, 0, 100)
}

// reopenShelfHub opens the hub in dir again, serves it and enrols a kiosk.
func reopenShelfHub(t *testing.T, dir string) (*Hub, string, string) {
	t.Helper()
	h, err := Open(context.Background(), dir, Options{PageBytes: 1500})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	url, cred := serveEnrolled(t, h)
	return h, url, cred
}

func copyFile(t *testing.T, from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestShelfPagesCostNoLookup checks that, once its bucket is in memory, a
// page of the shelf is served without looking for the next change in the
// store (a query per page to PostgreSQL): only the head and the kiosk are
// read.
func TestShelfPagesCostNoLookup(t *testing.T) { eachStore(t, testShelfPagesCostNoLookup) }

func testShelfPagesCostNoLookup(t *testing.T, st storeMaker) {
	const limit = 100
	h, url, cred, cs := countedShelf(t, st, limit)
	pages := walk(t, h, url, cred, 0, limit)
	if n := cs.nextVersion.Load(); n != 0 {
		t.Errorf("%d lookups of the next change for %d pages of the shelf, want none", n, pages)
	}
	if n := cs.heads.Load(); n != int32(pages) {
		t.Errorf("%d reads of the head for %d pages one after another, want one each", n, pages)
	}
}

// countedShelf is preparedShelf of 260 categories, its buckets read into
// memory by a walk, then counting the store's reads.
func countedShelf(t *testing.T, st storeMaker, limit int) (*Hub, string, string, *countingStore) {
	t.Helper()
	h, url, cred := preparedShelf(t, st, 260, limit)
	walk(t, h, url, cred, 0, limit)
	cs := &countingStore{Store: h.Store}
	h.Store = cs
	return h, url, cred, cs
}

// countingStore counts a Store's reads that page requests make.
type countingStore struct {
	Store
	nextVersion, heads atomic.Int32
}

func (s *countingStore) NextVersion(ctx context.Context, since int64) (int64, error) {
	s.nextVersion.Add(1)
	return s.Store.NextVersion(ctx, since)
}

func (s *countingStore) Head(ctx context.Context) (int64, error) {
	s.heads.Add(1)
	return s.Store.Head(ctx)
}

func (s *countingStore) ChangeRange(ctx context.Context, since, upTo int64) (int, string, error) {
	return s.Store.(ChangeRanger).ChangeRange(ctx, since, upTo)
}

// TestPageMadeForAVersionCostsNoLookupAgain checks that a page made for a
// kiosk between the shelf's pages is served to the next kiosk at that
// version from memory, without looking for the next change in the store
// again (a query per first page of a sync to PostgreSQL).
func TestPageMadeForAVersionCostsNoLookupAgain(t *testing.T) {
	eachStore(t, testPageMadeForAVersionCostsNoLookupAgain)
}

func testPageMadeForAVersionCostsNoLookupAgain(t *testing.T, st storeMaker) {
	const limit = 100
	h, url, cred, cs := countedShelf(t, st, limit)
	const since = 3 // between two points of the fine grid (every 2 versions)
	first := getPage(t, h, url, cred, since, limit)
	if cs.nextVersion.Load() == 0 {
		t.Fatalf("the page from %d was not made for the kiosk (no lookup): the test no longer tests the made pages", since)
	}
	cs.nextVersion.Store(0)
	again := getPage(t, h, url, cred, since, limit)
	if n := cs.nextVersion.Load(); n != 0 {
		t.Errorf("%d lookups of the next change for a page already made for version %d, want none", n, since)
	}
	if again.page.To != first.page.To || !bytes.Equal(again.payload, first.payload) || !bytes.Equal(again.sig, first.sig) {
		t.Errorf("the second kiosk got the page to %d, the first to %d (or other bytes)", again.page.To, first.page.To)
	}
}
