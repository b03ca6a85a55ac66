package printer_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/escpos"
	"gongkai/internal/printer"
	"gongkai/internal/printer/printertest"
)

// base returns the default printer section with the given transport.
func base(transport string) config.Printer {
	p := config.Default().Printer
	p.Transport = transport
	return p
}

// printSample prints printertest.Application() on p, failing the test if it fails, and
// returns the job and the ESC/POS bytes cfg makes of the receipt.
func printSample(t *testing.T, p printer.Printer, cfg config.Printer) (printer.JobInfo, []byte) {
	t.Helper()
	info, err := p.PrintReceipt(context.Background(), printertest.Application())
	if err != nil {
		t.Fatalf("PrintReceipt: %v", err)
	}
	want, err := printer.EncodeReceipt(cfg, printertest.Application(), printer.FormatESCPOS)
	if err != nil {
		t.Fatal(err)
	}
	return info, want
}

func mustNew(t *testing.T, cfg config.Printer, opts printer.Options) printer.Printer {
	t.Helper()
	p, err := printer.New(cfg, opts)
	if err != nil {
		t.Fatalf("printer.New(%+v): %v", cfg, err)
	}
	return p
}

// wantPrinterError checks err is a printing domain.Error whose Chinese
// message contains want and carries no Go error text.
func wantPrinterError(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one saying %q", want)
	}
	if got := domain.ErrorCode(err); got != printer.EPRINTER {
		t.Fatalf("error code %q (%v), want %q", got, err, printer.EPRINTER)
	}
	msg := domain.ErrorMessage(err)
	if !strings.Contains(msg, want) {
		t.Fatalf("message %q does not say %q (error: %v)", msg, want, err)
	}
	for _, goText := range []string{"dial", "connect:", "open ", "errno", "exit status", "lpstat"} {
		if strings.Contains(msg, goText) {
			t.Fatalf("message %q carries Go/system text %q", msg, goText)
		}
	}
}

// wantUnavailable checks that p refuses a receipt and that its status is
// state, both with a printer error saying msg.
func wantUnavailable(t *testing.T, p printer.Printer, msg, state string) {
	t.Helper()
	_, err := p.PrintReceipt(context.Background(), printertest.Application())
	wantPrinterError(t, err, msg)
	st, err := p.Status(context.Background())
	wantPrinterError(t, err, msg)
	if st.State != state {
		t.Fatalf("state %q, want %s", st.State, state)
	}
}

func TestConfigValidate(t *testing.T) {
	mod := func(f func(*config.Printer)) config.Printer {
		p := config.Default().Printer
		f(&p)
		return p
	}
	for _, tc := range []struct {
		name string
		cfg  config.Printer
		ok   bool
	}{
		{"defaults: no printer", config.Default().Printer, true},
		{"device", mod(func(p *config.Printer) { p.Transport, p.Device = "device", "/dev/usb/lp0" }), true},
		{"device without path", mod(func(p *config.Printer) { p.Transport = "device" }), false},
		{"device relative path", mod(func(p *config.Printer) { p.Transport, p.Device = "device", "lp0" }), false},
		{"tcp host only", mod(func(p *config.Printer) { p.Transport, p.Address = "tcp", "192.168.1.50" }), true},
		{"tcp host:port", mod(func(p *config.Printer) { p.Transport, p.Address = "tcp", "printer.local:9100" }), true},
		{"tcp without address", mod(func(p *config.Printer) { p.Transport = "tcp" }), false},
		{"cups-raw", mod(func(p *config.Printer) { p.Transport, p.Queue = "cups-raw", "receipt" }), true},
		{"cups without queue", mod(func(p *config.Printer) { p.Transport = "cups-pdf" }), false},
		{"queue like an option", mod(func(p *config.Printer) { p.Transport, p.Queue = "cups-pdf", "-oraw" }), false},
		{"queue with a space", mod(func(p *config.Printer) { p.Transport, p.Queue = "cups-pdf", "front desk" }), false},
		{"unknown transport", mod(func(p *config.Printer) { p.Transport = "usb" }), false},
		{"a4 on cups-pdf", mod(func(p *config.Printer) { p.Transport, p.Queue, p.Paper = "cups-pdf", "office", "a4" }), true},
		{"a4 on a thermal printer", mod(func(p *config.Printer) { p.Transport, p.Address, p.Paper = "tcp", "h", "a4" }), false},
		{"unknown paper", mod(func(p *config.Printer) { p.Paper = "76mm" }), false},
		{"dpi too low", mod(func(p *config.Printer) { p.DPI = 72 }), false},
		{"timeout too short", mod(func(p *config.Printer) { p.Timeout = config.Duration(time.Millisecond) }), false},
		{"documents on the receipt queue", mod(func(p *config.Printer) {
			p.Transport, p.Queue, p.AllowDocumentPrint = "cups-pdf", "office", true
		}), true},
		{"documents need a CUPS queue", mod(func(p *config.Printer) {
			p.Transport, p.Address, p.AllowDocumentPrint = "tcp", "h", true
		}), false},
		{"documents on their own queue", mod(func(p *config.Printer) {
			p.Transport, p.Address, p.AllowDocumentPrint, p.DocumentQueue = "tcp", "h", true, "office"
		}), true},
		{"document page limit 0", mod(func(p *config.Printer) {
			p.AllowDocumentPrint, p.DocumentQueue, p.DocumentPageLimit = true, "office", 0
		}), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := printer.New(tc.cfg, printer.Options{})
			if (err == nil) != tc.ok {
				t.Fatalf("New: %v, want ok=%v", err, tc.ok)
			}
			if (tc.cfg.Validate() == nil) != tc.ok {
				t.Fatalf("Validate disagrees with New")
			}
		})
	}
}

func TestTCPAddress(t *testing.T) {
	for in, want := range map[string]string{
		"192.168.1.50":      "192.168.1.50:9100",
		"printer.local:515": "printer.local:515",
		"::1":               "[::1]:9100",
		"[::1]:9101":        "[::1]:9101",
	} {
		p := config.Printer{Address: in}
		if got := p.TCPAddress(); got != want {
			t.Errorf("TCPAddress(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNoPrinter(t *testing.T) {
	p := mustNew(t, config.Default().Printer, printer.Options{})
	wantUnavailable(t, p, "未配置打印机", printer.StateNone)
	_, err := p.PrintDocument(context.Background(), []byte("%PDF-1.4"))
	wantPrinterError(t, err, "未开放文件打印")
	if got := p.Describe(); got != "未配置打印机" {
		t.Fatalf("Describe = %q", got)
	}
}

func TestWidthDots(t *testing.T) {
	for _, tc := range []struct {
		paper string
		dpi   int
		want  int
	}{
		{"80mm", 203, 576}, {"58mm", 203, 384}, {"80mm", 180, 512}, {"80mm", 300, 848}, {"58mm", 0, 384},
	} {
		if got := printer.WidthDots(tc.paper, tc.dpi); got != tc.want {
			t.Errorf("WidthDots(%s, %d) = %d, want %d", tc.paper, tc.dpi, got, tc.want)
		}
	}
}

func TestEncodeReceipt(t *testing.T) {
	for _, tc := range []struct {
		paper  string
		format string
		width  int // escpos raster width; 0 for PDF
		ok     bool
	}{
		{"80mm", "escpos", 576, true},
		{"58mm", "escpos", 384, true},
		{"80mm", "pdf", 0, true},
		{"a4", "pdf", 0, true},
		{"a4", "escpos", 0, false},
		{"80mm", "png", 0, false},
	} {
		cfg := base("")
		cfg.Paper = tc.paper
		b, err := printer.EncodeReceipt(cfg, printertest.Application(), tc.format)
		if (err == nil) != tc.ok {
			t.Fatalf("%s/%s: %v", tc.paper, tc.format, err)
		}
		if !tc.ok {
			if domain.ErrorMessage(err) == "" {
				t.Fatalf("%s/%s: no message", tc.paper, tc.format)
			}
			continue
		}
		if tc.width == 0 {
			if !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Fatalf("%s/%s: not a PDF", tc.paper, tc.format)
			}
			continue
		}
		img, err := escpos.DecodeRaster(b)
		if err != nil {
			t.Fatalf("%s/%s: %v", tc.paper, tc.format, err)
		}
		if img.Bounds().Dx() != tc.width {
			t.Fatalf("%s/%s: %d dots wide, want %d", tc.paper, tc.format, img.Bounds().Dx(), tc.width)
		}
	}
}

// receiver accepts one connection on l and returns everything sent on it.
func receiver(t *testing.T, l net.Listener) <-chan []byte {
	got := make(chan []byte, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			got <- nil
			return
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(30 * time.Second))
		b, _ := io.ReadAll(c)
		got <- b
	}()
	return got
}

func TestTCP(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	cfg := base(config.TransportTCP)
	cfg.Address = l.Addr().String()
	p := mustNew(t, cfg, printer.Options{})

	if st, err := p.Status(context.Background()); err != nil || st.State != printer.StateReady {
		t.Fatalf("Status = %+v, %v; want ready", st, err)
	}
	got := receiver(t, l) // Status's connection was accepted by nobody: the backlog holds it
	// Drain the status check's connection first.
	if b := <-got; len(b) != 0 {
		t.Fatalf("the status check sent %d bytes", len(b))
	}
	got = receiver(t, l)
	info, want := printSample(t, p, cfg)
	if b := <-got; !bytes.Equal(b, want) {
		t.Fatalf("printer received %d bytes, want the %d ESC/POS bytes unchanged", len(b), len(want))
	}
	if info.Bytes != len(want) || info.Format != printer.FormatESCPOS || info.Transport != "tcp" {
		t.Fatalf("JobInfo = %+v", info)
	}
}

func TestTCPRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	cfg := base(config.TransportTCP)
	cfg.Address = addr
	p := mustNew(t, cfg, printer.Options{})
	_, err = p.PrintReceipt(context.Background(), printertest.Application())
	wantPrinterError(t, err, "拒绝连接")
	if !errors.Is(err, syscall.ECONNREFUSED) && !strings.Contains(err.Error(), "refused") {
		t.Fatalf("the error keeps no detail for staff: %v", err)
	}
	st, err := p.Status(context.Background())
	wantPrinterError(t, err, "拒绝连接")
	if st.State != printer.StateOffline || st.Detail == "" {
		t.Fatalf("Status = %+v, want offline with detail", st)
	}
}

func TestDeviceFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lp0")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := base(config.TransportDevice)
	cfg.Device, cfg.Paper = path, config.Paper58mm
	p := mustNew(t, cfg, printer.Options{})
	if st, err := p.Status(context.Background()); err != nil || st.State != printer.StateReady {
		t.Fatalf("Status = %+v, %v", st, err)
	}
	if _, err := p.PrintReceipt(context.Background(), printertest.Application()); err != nil {
		t.Fatalf("PrintReceipt: %v", err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := printer.EncodeReceipt(cfg, printertest.Application(), "")
	if !bytes.Equal(got, want) {
		t.Fatalf("device got %d bytes, want %d unchanged", len(got), len(want))
	}
	img, err := escpos.DecodeRaster(got)
	if err != nil || img.Bounds().Dx() != 384 {
		t.Fatalf("device bytes: %v, %v", err, boundsOf(img))
	}
}

func boundsOf(img image.Image) image.Rectangle {
	if img == nil {
		return image.Rectangle{}
	}
	return img.Bounds()
}

func TestDeviceFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lp0")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := base(config.TransportDevice)
	cfg.Device = path
	p := mustNew(t, cfg, printer.Options{})

	// No reader: the printer is not there, and the kiosk must not hang.
	_, err := p.PrintReceipt(context.Background(), printertest.Application())
	wantPrinterError(t, err, "未连接")

	// A reader: every byte arrives unchanged.
	got := make(chan []byte, 1)
	ready := make(chan struct{})
	go func() {
		f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		close(ready)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		var buf bytes.Buffer
		tmp := make([]byte, 64<<10)
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			n, err := syscall.Read(int(f.Fd()), tmp)
			if n > 0 {
				buf.Write(tmp[:n])
				continue
			}
			if n == 0 && err == nil && buf.Len() > 0 { // writer closed
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		got <- buf.Bytes()
	}()
	<-ready
	if _, err := p.PrintReceipt(context.Background(), printertest.Application()); err != nil {
		t.Fatalf("PrintReceipt: %v", err)
	}
	want, _ := printer.EncodeReceipt(cfg, printertest.Application(), "")
	if b := <-got; !bytes.Equal(b, want) {
		t.Fatalf("FIFO got %d bytes, want %d unchanged", len(b), len(want))
	}
}

func TestDeviceMissing(t *testing.T) {
	cfg := base(config.TransportDevice)
	cfg.Device = filepath.Join(t.TempDir(), "usb", "lp0")
	p := mustNew(t, cfg, printer.Options{})
	wantUnavailable(t, p, "找不到打印机设备", printer.StateOffline)
	if _, err := os.Stat(cfg.Device); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("printing created the device file")
	}
}

func TestPrintDocumentRefusals(t *testing.T) {
	cfg := base(config.TransportCUPSPDF)
	cfg.Queue = "office"
	p := mustNew(t, cfg, printer.Options{})
	_, err := p.PrintDocument(context.Background(), []byte("%PDF-1.4\n"))
	wantPrinterError(t, err, "未开放文件打印")

	cfg.AllowDocumentPrint = true
	p = mustNew(t, cfg, printer.Options{})
	_, err = p.PrintDocument(context.Background(), []byte("<html>"))
	wantPrinterError(t, err, "无法打印")
}

func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		cfg  config.Printer
		want string
	}{
		{func() config.Printer { p := base("device"); p.Device = "/dev/usb/lp0"; return p }(), "热敏打印机 /dev/usb/lp0（80 毫米卷纸）"},
		{func() config.Printer { p := base("tcp"); p.Address = "10.0.0.9"; return p }(), "网络热敏打印机 10.0.0.9:9100（80 毫米卷纸）"},
		{func() config.Printer { p := base("cups-pdf"); p.Queue, p.Paper = "office", "a4"; return p }(), "CUPS 队列 office（PDF，A4）"},
	} {
		if got := mustNew(t, tc.cfg, printer.Options{}).Describe(); got != tc.want {
			t.Errorf("Describe = %q, want %q", got, tc.want)
		}
	}
}
