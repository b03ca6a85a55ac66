package config

import (
	"fmt"
	"net/url"
	"time"
)

// Sync configures catalogue sync and submission upload (the sync issue owns
// this section). The hub's URL and keys are not here: `kiosk enroll` pins
// them in the kiosk's store. HubURLs adds more addresses of that same hub
// (several hub processes or fronts) that the kiosk fails over to.
type Sync struct {
	Interval   Duration `toml:"interval"`    // between background sync passes (plus up to a tenth at random)
	MaxBackoff Duration `toml:"max_backoff"` // longest wait between tries while the hub is unreachable
	USBGlob    string   `toml:"usb_glob"`    // where bundles on a mounted drive are picked up; "" for none
	USBEvery   Duration `toml:"usb_every"`   // how often usb_glob is checked
	PageSize   int      `toml:"page_size"`   // catalogue changes per page (1-2000)
	PublicURL  string   `toml:"public_url"`  // the agency's public base URL for status pages
	HubURLs    []string `toml:"hub_urls"`    // more addresses of the enrolled hub, tried in turn when one fails
}

func defaultSync() Sync {
	return Sync{
		Interval:   Duration(5 * time.Minute),
		MaxBackoff: Duration(30 * time.Minute),
		USBGlob:    "/media/*/*/gongkai-*.bundle",
		USBEvery:   Duration(15 * time.Second),
		PageSize:   500,
	}
}

// Validate reports sync settings that cannot work.
func (s Sync) Validate() error {
	switch {
	case s.Interval.D() < 10*time.Second:
		return fmt.Errorf("sync.interval %s is too short (at least 10s)", s.Interval.D())
	case s.MaxBackoff.D() < s.Interval.D():
		return fmt.Errorf("sync.max_backoff %s is shorter than sync.interval %s", s.MaxBackoff.D(), s.Interval.D())
	case s.USBEvery.D() < time.Second:
		return fmt.Errorf("sync.usb_every %s is too short (at least 1s)", s.USBEvery.D())
	case s.PageSize < 1 || s.PageSize > 2000:
		return fmt.Errorf("sync.page_size %d must be between 1 and 2000", s.PageSize)
	}
	for _, u := range s.HubURLs {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("sync.hub_urls: %q is not an http:// or https:// address", u)
		}
	}
	return nil
}
