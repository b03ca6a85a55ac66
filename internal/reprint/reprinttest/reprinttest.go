// Package reprinttest gives tests of printing (internal/reprint, the staff
// screen, `kiosk reprint`) real parts to print with: a kiosk database with
// a real outbox and submission service, a receipt for each submission, a
// loopback TCP "printer" that keeps what it is sent, and a decoder from
// ESC/POS bytes back to the QR code's text.
package reprinttest

import (
	"context"
	"database/sql"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // the kiosk's SQLite driver

	"gongkai/internal/calendar"
	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/escpos"
	"gongkai/internal/must"
	"gongkai/internal/receipt"
	"gongkai/internal/submission"
	"gongkai/internal/submission/submissiontest"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// Agency and PublicURL are what test receipts carry.
const (
	Agency    = "阳谷县教育和体育局"
	PublicURL = "https://gk.yanggu.gov.cn"
)

// OpenDB opens (creating) the SQLite file at path with the settings the
// kiosk store uses, closed when the test ends.
func OpenDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	q := url.Values{}
	q.Set("_busy_timeout", "10000")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Kiosk is a kiosk database with its outbox and a submission service
// enrolled with throw-away keys.
type Kiosk struct {
	Dir    string // the data directory (receipt.key goes here)
	DB     *sql.DB
	Outbox *outbox.Outbox
	Subs   *submission.Service
}

// NewKiosk makes a Kiosk in dir (a t.TempDir()) on the database file
// dir/kiosk.db; now is the submission service's clock.
func NewKiosk(tb testing.TB, dir string, now func() time.Time) *Kiosk {
	tb.Helper()
	db := OpenDB(tb, filepath.Join(dir, "kiosk.db"))
	return OnDB(tb, dir, db, now)
}

// OnDB is NewKiosk on an open database (a kiosk store's DB()).
func OnDB(tb testing.TB, dir string, db *sql.DB, now func() time.Time) *Kiosk {
	tb.Helper()
	k := submissiontest.New(tb, emptyCatalogue{db}, 12, now)
	return &Kiosk{Dir: dir, DB: db, Outbox: k.Outbox, Subs: k.Service}
}

// Submit commits a feedback (on the disclosure work, anonymous) to the
// outbox and returns its result, as the forms do before printing.
func (k *Kiosk) Submit(tb testing.TB) submission.Result {
	tb.Helper()
	res, err := k.Subs.Submit(context.Background(), &submission.Feedback{
		Target: submission.TargetDisclosure, Text: "希望增加周末开放时间。", Rating: "满意", Anonymous: true,
	})
	if err != nil {
		tb.Fatalf("submit: %v", err)
	}
	return res
}

// Receipt is the receipt the forms would print for res.
func Receipt(res submission.Result) receipt.Receipt {
	return receipt.Receipt{
		Agency:           Agency,
		Kind:             protocol.KindFeedback,
		Title:            "意见建议",
		Tracking:         res.Tracking,
		VerificationCode: res.VerificationCode,
		Received:         res.Received.In(calendar.Beijing),
		Summary:          []receipt.Line{{Label: "反馈类型", Value: submission.TargetDisclosure}},
		HowToCheck:       "凭受理编号和查询码在本机“办理进度查询”或扫描二维码查询。",
		StatusURL:        receipt.StatusURL(PublicURL, res.Tracking, res.VerificationCode),
	}
}

// emptyCatalogue is the submission service's store with no calendar,
// consultations or events: enough for feedback on the disclosure work.
type emptyCatalogue struct{ db *sql.DB }

func (c emptyCatalogue) DB() *sql.DB { return c.db }
func (emptyCatalogue) CalendarYears(context.Context) ([]domain.CalendarYear, error) {
	return nil, nil
}
func (emptyCatalogue) Consultations(context.Context) ([]domain.Consultation, error) {
	return nil, nil
}
func (emptyCatalogue) Events(context.Context) ([]domain.Event, error) { return nil, nil }

// TCPPrinter is a network receipt printer on loopback: it accepts
// connections on a port and keeps the bytes of each as one job.
type TCPPrinter struct {
	l    net.Listener
	jobs chan []byte
	wg   sync.WaitGroup
}

// NewTCPPrinter starts a printer on 127.0.0.1 (a free port), stopped when
// the test ends.
func NewTCPPrinter(tb testing.TB) *TCPPrinter {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &TCPPrinter{l: l, jobs: make(chan []byte, 16)}
	p.wg.Add(1)
	go p.serve()
	tb.Cleanup(p.Close)
	return p
}

func (p *TCPPrinter) serve() {
	defer p.wg.Done()
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(30 * time.Second))
			b, _ := io.ReadAll(c)
			if len(b) > 0 { // a status check connects and sends nothing
				p.jobs <- b
			}
		}()
	}
}

// Addr is the printer's host:port.
func (p *TCPPrinter) Addr() string { return p.l.Addr().String() }

// Config is a printer section for this printer (80 mm paper).
func (p *TCPPrinter) Config() config.Printer {
	c := config.Default().Printer
	c.Transport, c.Address = config.TransportTCP, p.Addr()
	c.Timeout = config.Duration(5 * time.Second)
	return c
}

// Job waits up to ten seconds for the next job.
func (p *TCPPrinter) Job(tb testing.TB) []byte {
	tb.Helper()
	return must.Receive(tb, p.jobs, 10*time.Second, "the printer received no job")
}

// Waiting is the number of jobs received and not yet taken by Job.
func (p *TCPPrinter) Waiting() int { return len(p.jobs) }

// Close stops listening: the printer then refuses connections.
func (p *TCPPrinter) Close() {
	p.l.Close()
	p.wg.Wait()
}

// QR decodes an ESC/POS job (GS v 0 raster bands) back into an image and
// returns the text of the QR code on it.
func QR(tb testing.TB, job []byte) string {
	tb.Helper()
	j, err := escpos.Decode(job)
	if err != nil {
		tb.Fatalf("decode ESC/POS: %v", err)
	}
	if j.Image == nil {
		tb.Fatal("the job has no raster image")
	}
	s, err := receipt.ReadQR(j.Image)
	if err != nil {
		tb.Fatalf("no QR code on the printed receipt: %v", err)
	}
	return s
}
