package receipt_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/escpos"
	"gongkai/internal/receipt"
	"gongkai/internal/tracking"
	"gongkai/sync/protocol"
)

// randomStatusURLs returns n realistic status URLs: random tracking numbers
// and verification codes from a seeded source, so a failure reproduces.
func randomStatusURLs(t testing.TB, n int, seed uint64) []string {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	bases := []string{publicURL, "https://gk.yanggu.gov.cn/", "http://10.0.0.5:8080", "https://zwgk.liaocheng.gov.cn/kiosk"}
	urls := make([]string, n)
	for i := range urls {
		day := calendar.Date{Year: 2026 + rng.IntN(4), Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}
		no, err := tracking.New(1+rng.IntN(tracking.MaxKiosk), day, 1+rng.IntN(tracking.MaxSeq))
		if err != nil {
			t.Fatalf("tracking.New: %v", err)
		}
		code := tracking.NewVerificationCode(rngReader{rng})
		urls[i] = receipt.StatusURL(bases[rng.IntN(len(bases))], no, code)
	}
	return urls
}

// rngReader reads bytes from a seeded generator.
type rngReader struct{ r *rand.Rand }

func (r rngReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r.r.Uint32())
	}
	return len(p), nil
}

// TestRasterQRReadsBackRandom prints receipts for many random status URLs at
// both paper widths and reads each QR code back with gozxing from the
// decoded ESC/POS job. Before qrBitmap checked its symbols, about 1% of
// level-M codes were not found by gozxing's detector.
func TestRasterQRReadsBackRandom(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 300
	}
	urls := randomStatusURLs(t, n, 20261125)
	type failure struct {
		url   string
		width int
		err   string
	}
	var (
		mu    sync.Mutex
		fails []failure
		wg    sync.WaitGroup
		next  = make(chan string)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range next {
				for _, width := range []int{receipt.Width80mm, receipt.Width58mm} {
					got, err := printAndRead(u, width)
					if err == nil && got != u {
						err = fmt.Errorf("reads %q", got)
					}
					if err != nil {
						mu.Lock()
						fails = append(fails, failure{u, width, err.Error()})
						mu.Unlock()
					}
				}
			}
		}()
	}
	for _, u := range urls {
		next <- u
	}
	close(next)
	wg.Wait()
	for i, f := range fails {
		if i == 10 {
			t.Errorf("... and %d more", len(fails)-10)
			break
		}
		t.Errorf("%s at %d dots: %s", f.url, f.width, f.err)
	}
	if len(fails) > 0 {
		t.Fatalf("%d of %d printed QR codes not read back", len(fails), 2*n)
	}
}

// printAndRead renders a short receipt carrying url at width, sends it
// through the ESC/POS encoder and decoder, and reads its QR code.
func printAndRead(url string, width int) (string, error) {
	r := receipt.Receipt{
		Agency:     "阳谷县教育和体育局",
		Kind:       protocol.KindApplication,
		Title:      "政府信息公开申请",
		HowToCheck: "手机扫描下方二维码查询办理进度。",
		StatusURL:  url,
	}
	img, err := receipt.RenderRaster(r, width)
	if err != nil {
		return "", err
	}
	job, err := escpos.Decode(escpos.EncodeImage(img))
	if err != nil {
		return "", err
	}
	return receipt.ReadQR(job.Image)
}
