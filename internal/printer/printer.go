// Package printer sends receipts and documents to the kiosk's printer over
// the transport its configuration names: a device file, raw TCP (port
// 9100), a raw CUPS queue or a CUPS queue that takes PDF.
//
// Thermal transports get ESC/POS: the receipt drawn as one 1-bit raster
// (package receipt) and encoded by package escpos. The cups-pdf transport
// gets the receipt as a PDF. Every failure is a domain.Error whose Chinese
// message is for staff ("打印机队列已停止"), wrapped in an error whose text
// carries the technical detail for logs. Visitors see neither: the caller
// shows VisitorMessage with the tracking number, and the submission, which
// was queued before printing, stays queued for staff to reprint.
package printer

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/escpos"
	"gongkai/internal/receipt"
)

// VisitorMessage is all a visitor is told when a receipt does not print.
const VisitorMessage = "回执打印失败，请联系工作人员"

// EPRINTER is the domain.Error code of printing failures; the message says
// what staff should look at.
const EPRINTER = "printer"

// Formats of print data.
const (
	FormatESCPOS = "escpos"
	FormatPDF    = "pdf"
)

// Printer states reported by Status.
const (
	StateNone    = "none"    // no printer configured
	StateReady   = "ready"   // idle, accepting work
	StateBusy    = "busy"    // printing
	StateStopped = "stopped" // a CUPS queue disabled or rejecting jobs
	StateOffline = "offline" // the device, host or queue cannot be reached
	StateFailed  = "failed"  // the queue is up but its last job failed
)

// Printer is the kiosk's printer.
type Printer interface {
	// PrintReceipt prints r and, for CUPS, waits until the job is done.
	PrintReceipt(ctx context.Context, r receipt.Receipt) (JobInfo, error)
	// PrintDocument prints an A4 PDF for a visitor (RenderDocumentPDF) on
	// the document queue, when the configuration allows it.
	PrintDocument(ctx context.Context, pdf []byte) (JobInfo, error)
	// Status checks the printer now. A printer that cannot print returns
	// its Status and a domain.Error saying why.
	Status(ctx context.Context) (Status, error)
	// Describe names the printer for the staff screen, in Chinese.
	Describe() string
}

// JobInfo describes a print job that was sent.
type JobInfo struct {
	Transport string // config.TransportDevice, ...
	Target    string // device file, host:port or CUPS queue
	Format    string // FormatESCPOS or FormatPDF
	Bytes     int    // bytes sent
	JobID     string // CUPS job id such as "gongkai-pdf-12"; "" for direct transports
}

// Status is the printer's state for the staff screen.
type Status struct {
	Transport string
	Target    string
	State     string // StateReady, StateBusy, ...
	Message   string // Chinese, for staff: "就绪", "打印机队列已停止", ...
	Detail    string // what the system said (lpstat, the OS error), for staff and logs
	Pending   int    // CUPS jobs not yet completed
}

// withProblem returns st in state, carrying err's message and detail, and
// err: what a status check returns when it finds the printer unusable.
func (st Status) withProblem(state string, err error) (Status, error) {
	st.State, st.Message, st.Detail = state, messageOf(err), err.Error()
	return st, err
}

// Options tune a Printer; the zero value is right for production.
type Options struct {
	// JobTimeout bounds the wait for a CUPS job to finish; 0 means the
	// configured timeout.
	JobTimeout time.Duration
	// PollInterval is how often a CUPS job is checked; 0 means 250 ms.
	PollInterval time.Duration
	// LP, LPStat and Cancel are the CUPS commands; "" means lp, lpstat and
	// cancel from PATH.
	LP, LPStat, Cancel string
}

// New returns the printer cfg describes. A configuration without a
// transport gives a Printer whose every call reports that no printer is
// configured; an invalid one is an error.
func New(cfg config.Printer, opts Options) (Printer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if opts.JobTimeout <= 0 {
		opts.JobTimeout = cfg.Timeout.D()
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 250 * time.Millisecond
	}
	opts.LP = cmp(opts.LP, "lp")
	opts.LPStat = cmp(opts.LPStat, "lpstat")
	opts.Cancel = cmp(opts.Cancel, "cancel")
	p := &printer{cfg: cfg}
	switch cfg.Transport {
	case config.TransportNone:
		p.out = noPrinter{}
	case config.TransportDevice:
		p.out = &device{path: cfg.Device, timeout: cfg.Timeout.D()}
	case config.TransportTCP:
		p.out = &tcp{addr: cfg.TCPAddress(), timeout: cfg.Timeout.D()}
	case config.TransportCUPSRaw, config.TransportCUPSPDF:
		p.out = &cups{queue: cfg.Queue, opts: opts}
	}
	if q := cfg.DocumentQueueName(); cfg.AllowDocumentPrint && q != "" {
		p.docs = &cups{queue: q, opts: opts}
	}
	return p, nil
}

func cmp(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// transport sends bytes to a printer and checks on it.
type transport interface {
	send(ctx context.Context, data []byte, job jobSpec) (JobInfo, error)
	status(ctx context.Context) (Status, error)
}

// jobSpec is what a CUPS job needs besides its data.
type jobSpec struct {
	format  string
	title   string   // lp -t; never personal data
	options []string // lp -o values
}

type printer struct {
	cfg  config.Printer
	out  transport
	docs *cups // nil when visitors may not print documents
}

func (p *printer) PrintReceipt(ctx context.Context, r receipt.Receipt) (JobInfo, error) {
	if p.cfg.Transport == config.TransportNone {
		return JobInfo{}, errNoPrinter
	}
	spec := jobSpec{title: jobTitle(r)}
	var data []byte
	if p.cfg.Transport == config.TransportCUPSPDF {
		pdf, page, err := receipt.RenderPDFPage(r, pageFor(p.cfg.Paper))
		if err != nil {
			return JobInfo{}, wrap(err, "回执无法生成，请联系技术支持")
		}
		data, spec.format, spec.options = pdf, FormatPDF, []string{"media=" + media(page)}
	} else {
		b, err := EncodeReceipt(p.cfg, r, FormatESCPOS)
		if err != nil {
			return JobInfo{}, err
		}
		data, spec.format = b, FormatESCPOS
		if p.cfg.Transport == config.TransportCUPSRaw {
			spec.options = []string{"raw"}
		}
	}
	info, err := p.out.send(ctx, data, spec)
	info.Transport = p.cfg.Transport
	return info, err
}

func (p *printer) PrintDocument(ctx context.Context, pdf []byte) (JobInfo, error) {
	if !p.cfg.AllowDocumentPrint {
		return JobInfo{}, domain.Errorf(EPRINTER, "本机未开放文件打印")
	}
	if p.docs == nil {
		return JobInfo{}, domain.Errorf(EPRINTER, "未配置文件打印机")
	}
	if !strings.HasPrefix(string(pdf[:min(len(pdf), 5)]), "%PDF-") {
		return JobInfo{}, fmt.Errorf("printer: document is not a PDF: %w", domain.Errorf(EPRINTER, "文件无法打印，请联系工作人员"))
	}
	info, err := p.docs.send(ctx, pdf, jobSpec{format: FormatPDF, title: "document", options: []string{"media=A4"}})
	info.Transport = config.TransportCUPSPDF
	return info, err
}

func (p *printer) Status(ctx context.Context) (Status, error) {
	st, err := p.out.status(ctx)
	st.Transport = p.cfg.Transport
	return st, err
}

func (p *printer) Describe() string {
	paper := map[string]string{config.Paper80mm: "80 毫米卷纸", config.Paper58mm: "58 毫米卷纸", config.PaperA4: "A4"}[p.cfg.Paper]
	switch p.cfg.Transport {
	case config.TransportDevice:
		return fmt.Sprintf("热敏打印机 %s（%s）", p.cfg.Device, paper)
	case config.TransportTCP:
		return fmt.Sprintf("网络热敏打印机 %s（%s）", p.cfg.TCPAddress(), paper)
	case config.TransportCUPSRaw:
		return fmt.Sprintf("CUPS 队列 %s（热敏，%s）", p.cfg.Queue, paper)
	case config.TransportCUPSPDF:
		return fmt.Sprintf("CUPS 队列 %s（PDF，%s）", p.cfg.Queue, paper)
	}
	return "未配置打印机"
}

// EncodeReceipt renders r as the bytes a printer configured by cfg takes:
// FormatESCPOS (a raster at the paper's width in dots) or FormatPDF (a
// roll or A4 page). "" picks the transport's own format. `kiosk reprint
// --out` writes these bytes to a file.
func EncodeReceipt(cfg config.Printer, r receipt.Receipt, format string) ([]byte, error) {
	if format == "" {
		format = FormatESCPOS
		if cfg.Transport == config.TransportCUPSPDF {
			format = FormatPDF
		}
	}
	switch format {
	case FormatESCPOS:
		if cfg.Paper == config.PaperA4 {
			return nil, domain.Errorf(domain.EINVALID, "A4 纸不能输出 ESC/POS 格式，请选择 PDF")
		}
		img, err := receipt.RenderRaster(r, WidthDots(cfg.Paper, cfg.DPI))
		if err != nil {
			return nil, wrap(err, "回执无法生成，请联系技术支持")
		}
		return escpos.EncodeImage(img), nil
	case FormatPDF:
		b, err := receipt.RenderPDF(r, pageFor(cfg.Paper))
		if err != nil {
			return nil, wrap(err, "回执无法生成，请联系技术支持")
		}
		return b, nil
	}
	return nil, domain.Errorf(domain.EINVALID, "未知的回执格式 %q，请使用 pdf 或 escpos", format)
}

// WidthDots is the printable width of a thermal roll in dots, a whole
// number of bytes: 72 mm of an 80 mm roll and 48 mm of a 58 mm roll, which
// at 203 dpi are the standard 576 and 384 dots.
func WidthDots(paper string, dpi int) int {
	if dpi <= 0 {
		dpi = 203
	}
	mm := 72.0
	if paper == config.Paper58mm {
		mm = 48
	}
	return int(math.Round(mm*float64(dpi)/25.4/8)) * 8
}

func pageFor(paper string) receipt.PageSize {
	switch paper {
	case config.PaperA4:
		return receipt.PageA4
	case config.Paper58mm:
		return receipt.PageRoll58
	}
	return receipt.PageRoll80
}

// media is a page as a CUPS media name: A4, or Custom.80x143mm for a roll.
func media(p receipt.PageSize) string {
	if p.Name == receipt.PageA4.Name {
		return "A4"
	}
	return fmt.Sprintf("Custom.%gx%gmm", p.Width, math.Ceil(p.Height))
}

// jobTitle names a CUPS job after the receipt's tracking number, which is
// not personal data; cups-pdf names its file after it.
func jobTitle(r receipt.Receipt) string {
	keep := func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}
	if t := strings.Map(keep, r.Tracking); t != "" && r.Kind != receipt.KindTest {
		return "receipt-" + t
	}
	return "receipt-" + cmp(strings.Map(keep, r.Kind), "test")
}

var errNoPrinter = domain.Errorf(EPRINTER, "未配置打印机，请在配置文件 [printer] 中设置")

// wrap returns err with a staff message: err's own domain message when it
// has one, else msg.
func wrap(err error, msg string) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	return fmt.Errorf("%v: %w", err, domain.Errorf(EPRINTER, "%s", msg))
}

// fail returns a printing error: msg for staff, detail for logs.
func fail(msg, detail string) error {
	return fmt.Errorf("%s: %w", detail, domain.Errorf(EPRINTER, "%s", msg))
}

// noPrinter is the transport of a kiosk without a printer.
type noPrinter struct{}

func (noPrinter) send(context.Context, []byte, jobSpec) (JobInfo, error) {
	return JobInfo{}, errNoPrinter
}

func (noPrinter) status(context.Context) (Status, error) {
	return Status{State: StateNone, Message: "未配置打印机"}, errNoPrinter
}
