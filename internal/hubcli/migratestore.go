package hubcli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gongkai/internal/accounts"
	"gongkai/internal/cmdline"
	"gongkai/internal/domain"
	"gongkai/internal/foi/foisqlite"
	"gongkai/internal/pgdb"
	"gongkai/internal/publish/pubsqlite"
	"gongkai/sync/hub"
)

func init() {
	Register(&Command{
		Name:  "migrate-store",
		Usage: "migrate-store --from sqlite --data DIR --to postgres://…   (stop hub serve first)",
		Summary: "move a hub's stores from the SQLite files in DIR into an empty PostgreSQL database: catalogue at the same versions " +
			"(the same signed pages), kiosks, enrolment codes, blobs, every submission, status and seat, accounts and audit log, " +
			"the case register (cases, letters, files) and the publishing desk's records; " +
			"DIR then uses the database; a run cut off halfway is finished by running it again (what was copied is checked and kept)",
		Run: runMigrateStore,
	})
}

func runMigrateStore(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "migrate-store", 0)
	from := c.String("from", "sqlite", "the store the hub has now: sqlite (the files in --data)")
	to := c.String("to", "", "the empty PostgreSQL database to move to, postgres://… (required)")
	pos, err := parseMigrate(c.FlagSet, args)
	if err != nil {
		return err
	}
	dir := c.dir
	if dir == "" && len(pos) == 1 {
		dir = pos[0] // hub migrate-store --from sqlite DIR --to URL
	}
	if *from != "sqlite" || !pgdb.IsURL(*to) || dir == "" || len(pos) > 1 {
		return c.UsageError("--from sqlite, --data DIR (or DIR) and --to postgres://… are required")
	}
	if url, err := hub.DatabaseURL(dir, ""); err != nil {
		return err
	} else if url != "" {
		return fmt.Errorf("the hub in %s already keeps its stores in PostgreSQL (%s)", dir, hub.DatabaseFile)
	}
	if _, err := os.Stat(filepath.Join(dir, "hub.db")); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s holds no hub (no hub.db): nothing to move", dir)
	}
	counts, err := migrateStores(ctx, env, dir, *to)
	if errors.Is(err, hub.ErrCopyDiffers) || domain.ErrorCode(err) == domain.ECONFLICT {
		return fmt.Errorf("%w (the SQLite files in %s are untouched and still in use; the PostgreSQL database holds data that is not this hub's: move to an empty database)", err, dir)
	} else if err != nil {
		return fmt.Errorf("%w (the SQLite files in %s are untouched and still in use; run the same command again: what was copied is checked and kept, the rest copied)", err, dir)
	}
	if err := hub.RecordDatabaseURL(dir, *to); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "迁移完成：目录对象 %d、终端 %d、附件 %d、提交记录 %d、状态 %d、账号 %d、审计记录 %d、依申请公开案件 %d（文书 %d、案件附件 %d）、发布台记录 %d。\n",
		counts["objects"], counts["kiosks"], counts["blobs"], counts["records"], counts["status"], counts["accounts"], counts["audit"],
		counts["cases"], counts["letters"], counts["case_files"], counts["desk"])
	fmt.Fprintf(env.Stdout, "%s 今后使用 PostgreSQL（记录在 %s）；原 SQLite 文件保留未删，可在确认无误后另行归档。\n", dir, hub.DatabaseFile)
	return nil
}

// parseMigrate is parse allowing DIR as the one positional argument
// instead of --data.
func parseMigrate(fs *flag.FlagSet, args []string) ([]string, error) {
	pos, err := cmdline.ParseAnywhere(fs, args)
	if err != nil {
		return nil, err
	}
	return pos, configure(fs)
}

// migrateStores copies the catalogue store, the submissions and the
// accounts of the SQLite hub in dir into the database at url, each in one
// transaction of the target, and returns the rows the target holds per
// table. Run again after a run cut off halfway, each copy keeps what the
// target holds of the source (and checks it is the source's) and copies
// the rest, so a rerun ends with exactly the source's rows.
func migrateStores(ctx context.Context, env *Env, dir, url string) (map[string]int64, error) {
	counts := map[string]int64{}
	if err := copyStores(ctx, "catalogue", dir, url, counts, hub.OpenSQLite, hub.OpenPG, hub.CopyStore); err != nil {
		return nil, err
	}
	if err := copyStores(ctx, "submissions", dir, url, counts, hub.OpenSQLiteSubmissions, hub.OpenPGSubmissions, hub.CopySubmissions); err != nil {
		return nil, err
	}

	accFrom, err := accounts.Open(ctx, dir, accounts.Options{Now: env.Now})
	if err != nil {
		return nil, err
	}
	defer accFrom.Close()
	accTo, err := accounts.OpenStore(ctx, "", url, accounts.Options{Now: env.Now})
	if err != nil {
		return nil, err
	}
	defer accTo.Close()
	copied, err := accFrom.CopyTo(ctx, accTo)
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	counts["accounts"], counts["audit"] = int64(copied.Accounts), int64(copied.Audit)

	if err := migrateRegister(ctx, env, dir, url, counts); err != nil {
		return nil, fmt.Errorf("case register: %w", err)
	}
	if err := migrateDesk(ctx, dir, url, counts); err != nil {
		return nil, fmt.Errorf("publishing desk: %w", err)
	}
	return counts, nil
}

// copyStores opens the SQLite store in dir (openFrom) and the PostgreSQL
// one at url (openTo), copies the first into the second, adds the rows
// copied per table to counts and closes both; a failed copy is named by
// what.
func copyStores[F, T io.Closer](ctx context.Context, what, dir, url string, counts map[string]int64,
	openFrom func(context.Context, string) (F, error), openTo func(context.Context, string) (T, error),
	copyRows func(context.Context, F, T) (map[string]int64, error)) error {
	from, err := openFrom(ctx, dir)
	if err != nil {
		return err
	}
	defer from.Close()
	to, err := openTo(ctx, url)
	if err != nil {
		return err
	}
	defer to.Close()
	c, err := copyRows(ctx, from, to)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	for k, v := range c {
		counts[k] += v
	}
	return nil
}

// migrateDesk copies the publishing desk's records (publish.db, when the
// hub has one) into the database at url.
func migrateDesk(ctx context.Context, dir, url string, counts map[string]int64) error {
	if _, err := os.Stat(filepath.Join(dir, pubsqlite.File)); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	from, err := pubsqlite.Open(ctx, dir)
	if err != nil {
		return err
	}
	defer from.Close()
	to, err := pubsqlite.OpenStore(ctx, "", url)
	if err != nil {
		return err
	}
	defer to.Close()
	c, err := from.CopyTo(ctx, to)
	for _, n := range c {
		counts["desk"] += int64(n)
	}
	return err
}

// migrateRegister copies the case register (foi.db, when the hub has one)
// into the database at url: cases with their letters and files, templates
// and settings.
func migrateRegister(ctx context.Context, env *Env, dir, url string, counts map[string]int64) error {
	if _, err := os.Stat(filepath.Join(dir, foisqlite.File)); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	from, err := foisqlite.Open(ctx, dir, env.Now)
	if err != nil {
		return err
	}
	defer from.Close()
	to, err := foisqlite.OpenStore(ctx, "", url, env.Now)
	if err != nil {
		return err
	}
	defer to.Close()
	c, err := from.CopyTo(ctx, to)
	counts["cases"], counts["letters"], counts["case_files"] = int64(c.Cases), int64(c.Letters), int64(c.Files)
	return err
}
