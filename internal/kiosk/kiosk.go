// Package kiosk opens a kiosk's data directory: its configuration, its
// SQLite store (moved aside and started afresh if the file is damaged) and,
// on a kiosk no hub has been set up for, the embedded demo catalogue. The
// app and every command-line tool open a data directory through it, so
// they all recover and seed it the same way.
package kiosk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"gongkai/assets"
	"gongkai/internal/catalog"
	"gongkai/internal/config"
	"gongkai/internal/datadir"
	"gongkai/internal/domain"
	"gongkai/internal/store"
	"gongkai/internal/wallclock"
)

// DBName is the database file in a data directory.
const DBName = "kiosk.db"

// MetaHubURL is set when the kiosk is enrolled with a hub (by the sync
// client); a kiosk with it set never loads the demo catalogue.
const MetaHubURL = "hub_url"

// metaNotices keeps staff notices across restarts until dismissed.
const metaNotices = "staff_notices"

// Options adjusts Open for tests and tools.
type Options struct {
	Now    func() time.Time // default wallclock.Now (time.Now, or faketime's)
	Logger *slog.Logger     // default slog.Default()
	Demo   fs.FS            // the demo catalogue; default assets.DemoCatalog()
	NoDemo bool             // never load the demo catalogue
}

// Kiosk is an open data directory.
type Kiosk struct {
	Config  config.Config
	Store   *store.Store
	DataDir string
	Logger  *slog.Logger

	now     func() time.Time
	mu      sync.Mutex // guards notices: the UI reads them while the sync worker's goroutine may add one
	notices []string
}

// Open creates the data directory if needed (mode 0700), opens its
// database and, when the store is empty and no hub is configured, loads
// the demo catalogue. A damaged database is moved aside to
// kiosk.db.corrupt-<time> (with its -wal and -shm files) and replaced by a
// fresh one; staff see a notice (Notices) and the log says so.
func Open(ctx context.Context, cfg config.Config, opt Options) (*Kiosk, error) {
	if opt.Now == nil {
		opt.Now = wallclock.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if cfg.DataDir == "" {
		cfg.DataDir = config.DefaultDataDir()
	}
	k := &Kiosk{Config: cfg, DataDir: cfg.DataDir, Logger: opt.Logger, now: opt.Now}
	if err := datadir.Make(k.DataDir); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	path := filepath.Join(k.DataDir, DBName)
	s, err := store.Open(ctx, path)
	var moved string
	if errors.Is(err, store.ErrCorrupt) {
		k.Logger.Error("kiosk database is damaged; moving it aside and starting afresh", "path", path, "err", err)
		if moved, err = k.moveAside(path); err != nil {
			return nil, err
		}
		s, err = store.Open(ctx, path)
	}
	if err != nil {
		return nil, err
	}
	k.Store = s
	if err := k.loadNotices(ctx); err != nil {
		s.Close()
		return nil, err
	}
	enrolled, err := k.enrolled(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	if moved != "" {
		msg := fmt.Sprintf("本机数据库文件损坏，已移至 %s 并从内置示例目录重新开始，请联系技术支持。", moved)
		if enrolled || opt.NoDemo {
			msg = fmt.Sprintf("本机数据库文件损坏，已移至 %s 并新建了空的本地数据库，请联系技术支持重新注册和同步本机。", moved)
		}
		if err := k.AddNotice(ctx, msg); err != nil {
			s.Close()
			return nil, err
		}
	}
	if !opt.NoDemo && !enrolled {
		if err := k.loadDemo(ctx, opt.Demo); err != nil {
			s.Close()
			return nil, err
		}
	}
	return k, nil
}

// Close closes the store.
func (k *Kiosk) Close() error {
	if k.Store == nil {
		return nil
	}
	return k.Store.Close()
}

// Notices returns messages for staff (plain Chinese), oldest first.
func (k *Kiosk) Notices() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.notices)
}

// AddNotice records a message for staff; it stays until DismissNotices.
func (k *Kiosk) AddNotice(ctx context.Context, msg string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.notices = append(k.notices, msg)
	b, _ := json.Marshal(k.notices)
	return k.Store.SetMeta(ctx, metaNotices, string(b))
}

// DismissNotices clears the notices once staff have read them.
func (k *Kiosk) DismissNotices(ctx context.Context) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.notices = nil
	return k.Store.SetMeta(ctx, metaNotices, "")
}

func (k *Kiosk) loadNotices(ctx context.Context) error {
	v, err := k.Store.Meta(ctx, metaNotices)
	if err != nil || v == "" {
		return err
	}
	if err := json.Unmarshal([]byte(v), &k.notices); err != nil {
		k.notices = nil // unreadable notices are not worth refusing to start
	}
	return nil
}

// enrolled reports whether the kiosk belongs to a hub: the sync client
// set the hub's address, or the configuration names the kiosk.
func (k *Kiosk) enrolled(ctx context.Context) (bool, error) {
	hub, err := k.Store.Meta(ctx, MetaHubURL)
	return hub != "" || k.Config.KioskID != "", err
}

// moveAside renames a damaged database and its WAL files out of the way
// and returns the new name of the database file.
func (k *Kiosk) moveAside(path string) (string, error) {
	aside := path + ".corrupt-" + k.now().Format("20060102-150405")
	for i := 2; ; i++ {
		if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
			break
		}
		aside = fmt.Sprintf("%s.corrupt-%s-%d", path, k.now().Format("20060102-150405"), i)
	}
	if err := os.Rename(path, aside); err != nil {
		return "", fmt.Errorf("move damaged database aside: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Rename(path+suffix, aside+suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("move damaged database aside: %w", err)
		}
	}
	k.Logger.Warn("damaged kiosk database moved aside", "to", aside)
	return filepath.Base(aside), nil
}

// loadDemo loads the demo catalogue into an empty store.
func (k *Kiosk) loadDemo(ctx context.Context, demo fs.FS) error {
	st, err := k.Store.State(ctx)
	if err != nil {
		return err
	}
	if st.Source != domain.SourceEmpty {
		return nil
	}
	shift := demo == nil
	if demo == nil {
		demo = assets.DemoCatalog()
	}
	set, _, err := catalog.Load(demo, catalog.Options{})
	if err != nil {
		return fmt.Errorf("demo catalogue: %w", err)
	}
	if shift {
		// The embedded demo keeps an open consultation and upcoming
		// events whatever the day the kiosk is first started.
		catalog.ShiftLive(set, catalog.DemoEpoch, k.now())
	}
	changes := set.Changes(1)
	t0 := time.Now()
	err = k.Store.Apply(ctx, store.ApplyBatch{Source: domain.SourceDemo, From: 0, To: int64(len(changes)), Changes: changes})
	if err != nil {
		return fmt.Errorf("demo catalogue: %w", err)
	}
	k.Logger.Info("demo catalogue loaded", "documents", len(set.Documents), "took", time.Since(t0).Round(time.Millisecond))
	return nil
}
