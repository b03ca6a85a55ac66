// Package config reads the kiosk's TOML configuration file. Every setting
// has a default, so the kiosk runs with no file at all on its demo
// catalogue.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is the kiosk's configuration. Sections owned by one capability
// live in their own files (sync.go, printer.go, ...).
type Config struct {
	AgencyName string   `toml:"agency_name"` // shown in the header and on receipts
	KioskID    string   `toml:"kiosk_id"`    // set at enrolment; "" before
	DataDir    string   `toml:"data_dir"`    // overridden by --data
	IdleTime   Duration `toml:"idle_time"`   // idle time before the reset countdown
	Countdown  Duration `toml:"countdown"`   // the reset countdown
	Language   string   `toml:"language"`    // "zh" (default) or "en"

	Sync    Sync    `toml:"sync"`
	Printer Printer `toml:"printer"`
	Submit  Submit  `toml:"submit"`
	Speech  Speech  `toml:"speech"`

	// Path is the file the configuration was read from; "" for defaults.
	Path string `toml:"-"`
}

// Default returns the configuration used when no file is given.
func Default() Config {
	return Config{
		AgencyName: "阳谷县教育和体育局",
		IdleTime:   Duration(120 * time.Second),
		Countdown:  Duration(10 * time.Second),
		Language:   "zh",
		Sync:       defaultSync(),
		Printer:    defaultPrinter(),
		Submit:     defaultSubmit(),
		Speech:     defaultSpeech(),
	}
}

// Load reads path over the defaults. An empty path returns the defaults.
// A missing file named explicitly is an error; unknown keys are errors too,
// so that a typo does not silently fall back to a default.
func Load(path string) (Config, error) {
	cfg := Default()
	if path == "" {
		return cfg, nil
	}
	md, err := toml.DecodeFile(path, &cfg)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, fmt.Errorf("config file %s does not exist", path)
	} else if err != nil {
		return cfg, fmt.Errorf("config file %s: %w", path, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return cfg, fmt.Errorf("config file %s: unknown key %q", path, undecoded[0].String())
	}
	cfg.Path = path
	return cfg, cfg.Validate()
}

// Validate reports settings that cannot work.
func (c Config) Validate() error {
	if c.IdleTime.D() < 10*time.Second {
		return fmt.Errorf("idle_time %s is too short (at least 10s)", c.IdleTime.D())
	}
	if c.Countdown.D() < time.Second {
		return fmt.Errorf("countdown %s is too short (at least 1s)", c.Countdown.D())
	}
	if err := c.Sync.Validate(); err != nil {
		return fmt.Errorf("[sync]: %w", err)
	}
	if err := c.Printer.Validate(); err != nil {
		return fmt.Errorf("[printer]: %w", err)
	}
	if err := validatePublicURL(c.Sync.PublicURL); err != nil {
		return fmt.Errorf("[sync]: %w", err)
	}
	if err := c.Speech.Validate(); err != nil {
		return fmt.Errorf("[speech]: %w", err)
	}
	return nil
}

// DefaultDataDir is the kiosk's data directory when neither --data nor the
// config file names one: $XDG_DATA_HOME/gongkai-kiosk, else
// ~/.local/share/gongkai-kiosk.
func DefaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "gongkai-kiosk")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return filepath.Join(os.TempDir(), "gongkai-kiosk")
	}
	return filepath.Join(home, ".local", "share", "gongkai-kiosk")
}

// Duration is a time.Duration written in TOML as a string such as "120s".
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// UnmarshalText parses a duration such as "90s" or "5m".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("duration %q: use a form like 90s or 5m", b)
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes d in time.Duration's form.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }
