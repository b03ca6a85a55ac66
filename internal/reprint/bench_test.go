package reprint_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/printer"
	"gongkai/internal/reprint"
	"gongkai/internal/reprint/reprinttest"
)

// benchService is a kiosk with a print service at a loopback network
// printer.
func benchService(b *testing.B) (*reprinttest.Kiosk, *reprinttest.TCPPrinter, *reprint.Service) {
	b.Helper()
	k := reprinttest.NewKiosk(b, b.TempDir(), time.Now)
	tp := reprinttest.NewTCPPrinter(b)
	p, err := printer.New(tp.Config(), printer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	svc, err := reprint.New(context.Background(), k.DB, k.Dir, p, reprint.Options{Queue: k.Outbox})
	if err != nil {
		b.Fatal(err)
	}
	return k, tp, svc
}

// BenchmarkPrint measures a receipt from Print to the last byte at a
// loopback network printer: the outbox check (an Argon2id verification of
// the code), sealing into the archive, the raster and ESC/POS encoding and
// the send.
func BenchmarkPrint(b *testing.B) {
	ctx := context.Background()
	k, tp, svc := benchService(b)
	r := reprinttest.Receipt(k.Submit(b))
	for b.Loop() {
		if err := svc.Print(ctx, r); err != nil {
			b.Fatal(err)
		}
		tp.Job(b)
	}
}

// BenchmarkReprint is Print's path from the archive: load, open the seal,
// check the outbox, render and send.
func BenchmarkReprint(b *testing.B) {
	ctx := context.Background()
	k, tp, svc := benchService(b)
	res := k.Submit(b)
	if err := svc.Print(ctx, reprinttest.Receipt(res)); err != nil {
		b.Fatal(err)
	}
	tp.Job(b)
	for b.Loop() {
		if err := svc.Reprint(ctx, res.Tracking); err != nil {
			b.Fatal(err)
		}
		tp.Job(b)
	}
}
