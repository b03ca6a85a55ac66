package config

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"time"
)

// Printer transports.
const (
	TransportNone    = ""         // no printer: printing reports a clear error
	TransportDevice  = "device"   // ESC/POS to a device file such as /dev/usb/lp0
	TransportTCP     = "tcp"      // ESC/POS over raw TCP (port 9100)
	TransportCUPSRaw = "cups-raw" // ESC/POS through a raw CUPS queue (lp -o raw)
	TransportCUPSPDF = "cups-pdf" // a PDF through a CUPS queue with a driver
)

// Paper sizes.
const (
	Paper80mm = "80mm"
	Paper58mm = "58mm"
	PaperA4   = "a4"
)

// Printer configures receipt printing and, when staff allow it, visitors'
// printing of catalogue documents (the receipts issue owns this section).
//
//	[printer]
//	transport = "tcp"              # "", device, tcp, cups-raw, cups-pdf
//	address = "192.168.1.50:9100"  # tcp
//	paper = "80mm"                 # 80mm, 58mm (thermal) or a4 (cups-pdf only)
//	timeout = "20s"
//	allow_document_print = true
//	document_queue = "office"      # CUPS queue for A4 documents
//	document_page_limit = 20
type Printer struct {
	Transport string   `toml:"transport"` // TransportNone, TransportDevice, ...
	Device    string   `toml:"device"`    // device: the device file, e.g. /dev/usb/lp0
	Address   string   `toml:"address"`   // tcp: host or host:port; the port defaults to 9100
	Queue     string   `toml:"queue"`     // cups-raw, cups-pdf: the CUPS queue for receipts
	Paper     string   `toml:"paper"`     // Paper80mm (default), Paper58mm or PaperA4
	DPI       int      `toml:"dpi"`       // thermal print head resolution; 203 by default
	Timeout   Duration `toml:"timeout"`   // connecting, sending and waiting for CUPS to finish a job

	AllowDocumentPrint bool   `toml:"allow_document_print"` // visitors may print catalogue documents
	DocumentQueue      string `toml:"document_queue"`       // CUPS queue for A4 documents; "" = queue when cups-pdf
	DocumentPageLimit  int    `toml:"document_page_limit"`  // most pages one visitor print may have
}

func defaultPrinter() Printer {
	return Printer{
		Paper:             Paper80mm,
		DPI:               203,
		Timeout:           Duration(20 * time.Second),
		DocumentPageLimit: 20,
	}
}

// TCPAddress returns Address with the raw printing port 9100 added when it
// has none.
func (p Printer) TCPAddress() string {
	if _, _, err := net.SplitHostPort(p.Address); err == nil {
		return p.Address
	}
	return net.JoinHostPort(strings.Trim(p.Address, "[]"), "9100")
}

// DocumentQueueName returns the CUPS queue visitor documents go to: the
// document queue, else the receipt queue when it takes PDF; "" for none.
func (p Printer) DocumentQueueName() string {
	if p.DocumentQueue != "" {
		return p.DocumentQueue
	}
	if p.Transport == TransportCUPSPDF {
		return p.Queue
	}
	return ""
}

// Validate reports printer settings that cannot work. The zero transport
// is valid: the kiosk then runs without a printer.
func (p Printer) Validate() error {
	switch p.Transport {
	case TransportNone:
	case TransportDevice:
		if !filepath.IsAbs(p.Device) {
			return fmt.Errorf("printer: transport device needs device = an absolute path such as /dev/usb/lp0 (got %q)", p.Device)
		}
	case TransportTCP:
		if strings.TrimSpace(p.Address) == "" {
			return fmt.Errorf("printer: transport tcp needs address = \"host:9100\"")
		}
		if _, _, err := net.SplitHostPort(p.TCPAddress()); err != nil {
			return fmt.Errorf("printer: address %q: use host or host:port", p.Address)
		}
	case TransportCUPSRaw, TransportCUPSPDF:
		if err := validQueue("queue", p.Queue); err != nil {
			return err
		}
	default:
		return fmt.Errorf("printer: unknown transport %q (use device, tcp, cups-raw or cups-pdf, or leave it out)", p.Transport)
	}
	switch p.Paper {
	case Paper80mm, Paper58mm:
	case PaperA4:
		if p.Transport != TransportCUPSPDF && p.Transport != TransportNone {
			return fmt.Errorf("printer: paper a4 needs transport cups-pdf (ESC/POS printers print rolls)")
		}
	default:
		return fmt.Errorf("printer: unknown paper %q (use 80mm, 58mm or a4)", p.Paper)
	}
	if p.DPI < 150 || p.DPI > 600 {
		return fmt.Errorf("printer: dpi %d is out of range 150-600 (thermal printers are usually 203)", p.DPI)
	}
	if t := p.Timeout.D(); t < time.Second || t > 5*time.Minute {
		return fmt.Errorf("printer: timeout %s is out of range 1s-5m", t)
	}
	if p.DocumentQueue != "" {
		if err := validQueue("document_queue", p.DocumentQueue); err != nil {
			return err
		}
	}
	if p.AllowDocumentPrint {
		if p.DocumentQueueName() == "" {
			return fmt.Errorf("printer: allow_document_print needs document_queue (or transport cups-pdf with a queue)")
		}
		if p.DocumentPageLimit < 1 || p.DocumentPageLimit > 500 {
			return fmt.Errorf("printer: document_page_limit %d is out of range 1-500", p.DocumentPageLimit)
		}
	}
	return nil
}

// validQueue accepts the names CUPS accepts (printable, no space, '/' or
// '#'), and refuses a leading '-' so a name can never read as an option.
func validQueue(key, name string) error {
	if name == "" {
		return fmt.Errorf("printer: %s is required for a CUPS transport", key)
	}
	if strings.HasPrefix(name, "-") || len(name) > 127 || strings.ContainsFunc(name, func(r rune) bool {
		return r <= ' ' || r == '/' || r == '#' || r == '\\' || r == '\'' || r == '"' || r == 0x7F
	}) {
		return fmt.Errorf("printer: %s %q is not a CUPS queue name", key, name)
	}
	return nil
}
