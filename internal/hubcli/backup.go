package hubcli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gongkai/internal/backup"
	"gongkai/sync/hub"
)

func init() {
	Register(&Command{
		Name:  "backup",
		Usage: "backup --data DIR --out FILE|DIR [--keep N]",
		Summary: "copy the hub, while it serves, into one tar file (.tar.gz: compressed): consistent snapshots of its databases, " +
			"its keys and attachments; --out DIR writes gongkai-hub-DATE-TIME.tar.gz there and keeps the newest N",
		Run: runBackup,
	})
	Register(&Command{
		Name:    "restore",
		Usage:   "restore --data DIR --from FILE",
		Summary: "restore a `hub backup` file into an empty data directory (stop the hub first), checking every file against the backup's manifest and every database",
		Run:     runRestore,
	})
}

// backupPrefix and backupSuffix name the files `hub backup --out DIR`
// writes; --keep counts only these.
const (
	backupPrefix = "gongkai-hub-"
	backupSuffix = ".tar.gz"
)

func runBackup(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "backup", 0)
	out := c.String("out", "", "the backup file (.tar or .tar.gz), or a directory for dated files (required)")
	keep := c.Int("keep", 0, "with --out DIR: remove all but the newest N backups there (0 keeps all)")
	c.Require(func() bool { return *out != "" }, "--out FILE|DIR is required")
	if err := c.parse(args); err != nil {
		return err
	}
	dir := c.dir
	if url, err := hub.DatabaseURL(dir, database(c.FlagSet)); err != nil {
		return err
	} else if url != "" {
		return fmt.Errorf("the hub in %s keeps its stores in PostgreSQL: back up that database with pg_dump (or the server's own backups) and copy %s's key files", dir, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "hub.db")); err != nil {
		return fmt.Errorf("%s holds no hub (no hub.db): nothing to back up", dir)
	}
	path, isDir := *out, false
	if st, err := os.Stat(*out); err == nil && st.IsDir() {
		isDir = true
		path = filepath.Join(*out, backupPrefix+env.Now().Format("20060102-150405")+backupSuffix)
	}
	if *keep != 0 && !isDir {
		fmt.Fprintln(env.Stderr, "hub backup: --keep needs --out to be a directory")
		return ErrUsage
	}
	sum, err := backup.WriteFile(ctx, dir, path, env.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "备份完成：%s（数据库 %s，共 %d 个文件，%.1f MB）\n", path, strings.Join(sum.Databases, "、"), sum.Files, float64(sum.Bytes)/(1<<20))
	if isDir && *keep > 0 {
		removed, err := prune(*out, *keep)
		for _, p := range removed {
			fmt.Fprintf(env.Stdout, "已删除旧备份：%s\n", p)
		}
		return err
	}
	return nil
}

// prune removes all but the newest keep backups in dir; the dated names
// sort by time.
func prune(dir string, keep int) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if n := e.Name(); e.Type().IsRegular() && strings.HasPrefix(n, backupPrefix) && strings.HasSuffix(n, backupSuffix) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var removed []string
	for len(names) > keep {
		p := filepath.Join(dir, names[0])
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
		removed, names = append(removed, p), names[1:]
	}
	return removed, nil
}

func runRestore(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "restore", 0)
	from := c.String("from", "", "the file `hub backup` wrote (required)")
	c.Require(func() bool { return *from != "" }, "--from FILE is required")
	if err := c.parse(args); err != nil {
		return err
	}
	dir := c.dir
	sum, err := backup.RestoreFile(ctx, *from, dir)
	if errors.Is(err, backup.ErrNotEmpty) {
		return fmt.Errorf("%w; move the current data directory aside first (the hub must be stopped)", err)
	} else if err != nil {
		return fmt.Errorf("%w; nothing was restored", err)
	}
	fmt.Fprintf(env.Stdout, "已恢复到 %s：数据库 %s（完整性检查通过），共 %d 个文件，%.1f MB\n请确认目录属于运行中心的用户，然后启动中心。\n",
		dir, strings.Join(sum.Databases, "、"), sum.Files, float64(sum.Bytes)/(1<<20))
	return nil
}
