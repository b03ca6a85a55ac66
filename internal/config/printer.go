package config

// Printer configures receipt printing (the receipts issue owns this section).
type Printer struct {
	Transport string `toml:"transport"` // "" (none), "device", "tcp", "cups-raw", "cups-pdf"
}

func defaultPrinter() Printer { return Printer{} }
