package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3"

	"gongkai/assets"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/domain"
	"gongkai/internal/store"
	"gongkai/internal/submission"
	"gongkai/internal/testclock"
	"gongkai/sync/client"
	"gongkai/sync/hub"
	"gongkai/sync/outbox"
)

// Small is an event of the test catalogue with few seats, for sign-ups
// beyond capacity.
const (
	Small         = "e2e-small"
	SmallCapacity = 6
)

// start is the tests' clock at start: the demo consultation zj-2026-01 is
// open and the demo events of 2027 have not started.
var start = time.Date(2026, 12, 1, 10, 0, 0, 0, calendar.Beijing)

// clock is a settable clock shared by a hub and its kiosks.
type clock = testclock.Clock

func newClock() *clock { return testclock.New(start) }

// testHub is a real hub on a loopback listener: its data directory, its
// HTTP API with the submissions endpoints, restartable on the same address.
type testHub struct {
	t     testing.TB
	dir   string
	db    string // the PostgreSQL database of its stores, "" for SQLite files
	addr  string
	URL   string
	clock *clock
	opt   hub.SubmissionOptions

	mu   sync.Mutex
	hub  *hub.Hub
	subs *hub.Submissions
	api  http.Handler
	srv  *http.Server
	wrap func(http.Handler) http.Handler // a test's faults
}

// startHub makes a hub with the demo catalogue plus the Small event and
// serves it on 127.0.0.1.
func startHub(t testing.TB, clk *clock, opt hub.SubmissionOptions) *testHub {
	t.Helper()
	return startHubOn(t, clk, opt, "")
}

// startHubOn is startHub with the hub's stores in the PostgreSQL database
// at db ("" for SQLite files in its data directory).
func startHubOn(t testing.TB, clk *clock, opt hub.SubmissionOptions, db string) *testHub {
	t.Helper()
	ctx := context.Background()
	th := &testHub{t: t, dir: t.TempDir(), db: db, clock: clk, opt: opt}
	h, err := hub.Init(ctx, th.dir, hub.Options{Now: clk.Now, DatabaseURL: db})
	if err != nil {
		t.Fatal(err)
	}
	cat := demoCatalogue(t)
	small, _ := json.Marshal(domain.Event{ID: Small, Title: "小型座谈会", Place: "四楼会议室",
		Start: time.Date(2027, 1, 15, 9, 0, 0, 0, calendar.Beijing), End: time.Date(2027, 1, 15, 11, 0, 0, 0, calendar.Beijing),
		Capacity: SmallCapacity, MaxAttendees: 2, Terms: "名额有限"})
	cat.Objects = append(cat.Objects, domain.Object{Kind: domain.KindEvent, ID: Small, Data: small})
	if _, err := h.ImportCatalogue(ctx, cat, hub.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	h.Close()
	th.open()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	th.addr = ln.Addr().String()
	th.URL = "http://" + th.addr
	th.serve(ln)
	t.Cleanup(th.stop)
	return th
}

// demoCatalogue is the embedded demo catalogue as `hub import` reads it.
func demoCatalogue(t testing.TB) *hub.Catalogue {
	t.Helper()
	set, _, err := catalog.Load(assets.DemoCatalog(), catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return hub.FromCatalog(set, assets.DemoCatalog())
}

// importDemo imports the demo catalogue into h and returns a one-time
// enrolment code for a kiosk at place.
func importDemo(t testing.TB, h *hub.Hub, place string) string {
	t.Helper()
	ctx := context.Background()
	if _, err := h.ImportCatalogue(ctx, demoCatalogue(t), hub.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	code, _, err := h.NewEnrollCode(ctx, place)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// startEnrolled starts a hub (startHub, default options) with one kiosk
// that has exchanged with it once, which registered its device key.
func startEnrolled(t testing.TB) (*clock, *testHub, *testKiosk) {
	t.Helper()
	clk := newClock()
	th := startHub(t, clk, hub.SubmissionOptions{})
	k := newKiosk(t, th)
	k.exchange()
	return clk, th, k
}

func (th *testHub) open() {
	th.t.Helper()
	ctx := context.Background()
	h, err := hub.Open(ctx, th.dir, hub.Options{Now: th.clock.Now, Logger: hubLog()})
	if err != nil {
		th.t.Fatal(err)
	}
	subs, err := hub.OpenSubmissions(ctx, h, th.opt)
	if err != nil {
		th.t.Fatal(err)
	}
	srv := hub.NewServer(h, hub.ServerOptions{})
	subs.Register(srv)
	th.mu.Lock()
	th.hub, th.subs, th.api = h, subs, srv
	th.mu.Unlock()
}

func (th *testHub) serve(ln net.Listener) {
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		th.mu.Lock()
		api, wrap := th.api, th.wrap
		th.mu.Unlock()
		if wrap != nil {
			api = wrap(api)
		}
		api.ServeHTTP(w, r)
	})}
	th.mu.Lock()
	th.srv = srv
	th.mu.Unlock()
	go srv.Serve(ln)
}

// setWrap puts faults in front of the API (nil: none).
func (th *testHub) setWrap(w func(http.Handler) http.Handler) {
	th.mu.Lock()
	th.wrap = w
	th.mu.Unlock()
}

// stop kills the listener and every connection, then closes the hub.
func (th *testHub) stop() {
	th.mu.Lock()
	srv, subs, h := th.srv, th.subs, th.hub
	th.srv, th.subs, th.hub = nil, nil, nil
	th.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
	if subs != nil {
		subs.Close()
	}
	if h != nil {
		h.Close()
	}
}

// restart stops the hub and starts it again on the same address and data.
func (th *testHub) restart() {
	th.t.Helper()
	th.stop()
	th.open()
	var ln net.Listener
	var err error
	for range 100 {
		if ln, err = net.Listen("tcp", th.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		th.t.Fatal(err)
	}
	th.serve(ln)
}

// Subs returns the hub's submissions service as now open.
func (th *testHub) Subs() *hub.Submissions {
	th.mu.Lock()
	defer th.mu.Unlock()
	return th.subs
}

// stored returns how many times each id is stored at the hub, read from
// its database (file).
func (th *testHub) stored(t testing.TB) map[string]int {
	t.Helper()
	driver, dsn := "sqlite3", "file:"+filepath.Join(th.dir, hub.SubmissionsDB)+"?mode=ro&_busy_timeout=5000"
	if th.db != "" {
		driver, dsn = "pgx", th.db
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT id FROM records`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out[id]++
	}
	return out
}

// testKiosk is an enrolled kiosk: its store, outbox, sync client, uplink
// and submission service on files in a temporary directory.
type testKiosk struct {
	t     testing.TB
	dir   string
	clock *clock
	st    *store.Store
	cl    *client.Client
	ob    *outbox.Outbox
	up    *client.Uplink
	svc   *submission.Service
	hub   *client.Hub
}

// newKiosk enrols a kiosk with th and pulls the catalogue.
func newKiosk(t testing.TB, th *testHub) *testKiosk {
	t.Helper()
	th.mu.Lock()
	h := th.hub
	th.mu.Unlock()
	code, _, err := h.NewEnrollCode(context.Background(), "测试终端")
	if err != nil {
		t.Fatal(err)
	}
	return enrolKiosk(t, th.clock, th.URL, code)
}

// enrolKiosk enrols a kiosk with the hub at url using a one-time code and
// pulls the catalogue.
func enrolKiosk(t testing.TB, clk *clock, url, code string) *testKiosk {
	t.Helper()
	ctx := context.Background()
	k := &testKiosk{t: t, dir: t.TempDir(), clock: clk}
	k.open()
	var err error
	if k.hub, err = k.cl.Enroll(ctx, url, code, false); err != nil {
		t.Fatal(err)
	}
	if _, err := k.cl.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	k.service()
	return k
}

// open opens the kiosk's store, client, outbox and uplink.
func (k *testKiosk) open() {
	k.t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(k.dir, "kiosk.db"))
	if err != nil {
		k.t.Fatal(err)
	}
	k.st = st
	k.t.Cleanup(func() { st.Close() })
	k.cl = client.New(k.dir, client.NewStoreCatalogue(st), client.Options{Now: k.clock.Now})
	if k.ob, err = outbox.Open(ctx, st.DB(), k.clock.Now); err != nil {
		k.t.Fatal(err)
	}
	k.up = client.NewUplink(k.cl, k.ob, client.UplinkOptions{Timeout: 2 * time.Second})
}

func (k *testKiosk) service() {
	k.t.Helper()
	key, err := k.cl.DeviceKey()
	if err != nil {
		k.t.Fatal(err)
	}
	if k.hub, err = k.cl.Hub(context.Background()); err != nil {
		k.t.Fatal(err)
	}
	k.svc = &submission.Service{Store: k.st, Outbox: k.ob, Now: k.clock.Now, Rand: rand.Reader,
		KioskNo: k.hub.KioskNo, KioskID: k.hub.KioskID, Recipient: k.hub.AgeRecipient, DeviceKey: key}
}

// useHTTP makes the kiosk talk to the hub through hc.
func (k *testKiosk) useHTTP(hc *http.Client, opt client.UplinkOptions) {
	k.cl = client.New(k.dir, client.NewStoreCatalogue(k.st), client.Options{Now: k.clock.Now, HTTP: hc})
	k.up = client.NewUplink(k.cl, k.ob, opt)
}

// setHubURL points the kiosk at another address (a proxy).
func (k *testKiosk) setHubURL(url string) {
	k.t.Helper()
	if err := k.st.SetMeta(context.Background(), client.MetaHubURL, url); err != nil {
		k.t.Fatal(err)
	}
}

func (k *testKiosk) submit(p submission.Payload) submission.Result {
	k.t.Helper()
	res, err := k.svc.Submit(context.Background(), p)
	if err != nil {
		k.t.Fatalf("submit %s: %v", p.Kind(), err)
	}
	return res
}

// cancel cancels the sign-up r with its own tracking number and code.
func (k *testKiosk) cancel(r submission.Result) submission.Result {
	k.t.Helper()
	return k.submit(&submission.Cancel{Tracking: r.Tracking, Code: r.VerificationCode})
}

// exchange uploads and pulls status, failing the test on an error.
func (k *testKiosk) exchange() (outbox.DrainResult, client.StatusResult) {
	k.t.Helper()
	dr, sr, err := k.up.Exchange(context.Background())
	if err != nil {
		k.t.Fatalf("exchange: %v", err)
	}
	return dr, sr
}

// ids returns the ids in the kiosk's outbox, by state.
func (k *testKiosk) ids() map[string]string {
	k.t.Helper()
	list, err := k.ob.List(context.Background())
	if err != nil {
		k.t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range list {
		out[e.ID] = e.State
	}
	return out
}

// signature is a small signature image, as the form's pad draws one.
var signature = sync.OnceValue(func() []byte {
	img := image.NewGray(image.Rect(0, 0, 240, 80))
	for x := 20; x < 220; x++ {
		img.SetGray(x, 40+(x%30)-15, color.Gray{})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
})

func application() *submission.Application {
	return &submission.Application{
		ApplicantType: submission.ApplicantCitizen, Name: "张三", IDType: "居民身份证", IDNumber: "11010519491231002X",
		Phone: "13800138000", Address: "山东省阳谷县某某路1号", PostalCode: "252300",
		InfoName: "2026年义务教育学校招生计划", Media: []string{"纸质"}, Delivery: []string{"自行领取/当场查阅、抄录"},
		Signature: signature(),
	}
}

func feedback(text string) *submission.Feedback {
	return &submission.Feedback{Target: submission.TargetDisclosure, Text: text, Rating: "满意", Anonymous: true}
}

func signup(event string, n int) *submission.Signup {
	return &submission.Signup{EventID: event, Name: "李四", Mobile: "13900139000", Attendees: n, TermsAccepted: true}
}

// checkExactlyOnce asserts that the hub holds exactly the ids in want,
// each once.
func checkExactlyOnce(t testing.TB, th *testHub, want map[string]bool) {
	t.Helper()
	got := th.stored(t)
	for id, n := range got {
		if n != 1 {
			t.Errorf("%s stored %d times", id, n)
		}
		if !want[id] {
			t.Errorf("hub holds %s, which no kiosk queued", id)
		}
	}
	for id := range want {
		if got[id] == 0 {
			t.Errorf("%s never reached the hub", id)
		}
	}
	if t.Failed() {
		t.Fatalf("hub holds %d records, want %d", len(got), len(want))
	}
}

// hubLog logs the hub's warnings to stderr when GONGKAI_E2E_LOG is set.
func hubLog() *slog.Logger {
	if os.Getenv("GONGKAI_E2E_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
