package config

import "time"

// Sync configures catalogue sync and submission upload (the sync issue owns this section).
type Sync struct {
	Interval  Duration `toml:"interval"`   // between background sync passes
	USBGlob   string   `toml:"usb_glob"`   // where bundles on a mounted drive are picked up
	PublicURL string   `toml:"public_url"` // the agency's public base URL for status pages
}

func defaultSync() Sync {
	return Sync{
		Interval: Duration(5 * time.Minute),
		USBGlob:  "/media/*/*/gongkai-*.bundle",
	}
}
