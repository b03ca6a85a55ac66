package config

import (
	"fmt"
	"net/url"
	"strings"
)

// Submit configures in-person submissions (the submissions issue owns
// this section). It has no keys yet; what the receipts need lives where
// the setting belongs:
//
//	[sync]
//	public_url = "https://gk.yanggu.gov.cn"  # the agency's public site that serves the hub's status page
//
// Every receipt's QR code is public_url + /s/TRACKING?c=CODE (the hub's
// public status page, receipt.StatusURL). Without public_url receipts
// print no QR code and tell the visitor to check at the kiosk.
//
//	[printer]
//	allow_document_print = true   # visitors may print a catalogue document (公开信息查阅)
//	document_queue = "office"     # the CUPS queue that takes the A4 PDF
//	document_page_limit = 20
type Submit struct{}

func defaultSubmit() Submit { return Submit{} }

// validatePublicURL checks [sync] public_url: a phone must be able to open
// what the receipt's QR code holds, so it is an absolute http(s) URL with
// a host and no query or fragment (the status path and code are added).
func validatePublicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, " \t") {
		return fmt.Errorf("sync.public_url %q: use the agency's public address, such as https://gk.example.gov.cn", s)
	}
	return nil
}
