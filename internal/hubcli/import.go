package hubcli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"gongkai/internal/catalog"
	"gongkai/internal/domain"
	"gongkai/internal/publish"
	"gongkai/internal/publish/pubsqlite"
	"gongkai/sync/hub"
)

func init() {
	Register(&Command{
		Name:  "import",
		Usage: "import --data DIR [--prune] [--keep-going] PATH",
		Summary: "load the catalogue source directory PATH (docs/catalogue-format.md); " +
			"a bad file stops the import unless --keep-going; --prune withdraws what PATH no longer holds",
		Run: runImport,
	})
}

func runImport(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "import", 1)
	prune := c.Bool("prune", false, "withdraw documents and other objects that PATH no longer holds")
	keepGoing := c.Bool("keep-going", false, "skip bad files (listed) and import the rest")
	c.Validate(func() error {
		if st, err := os.Stat(c.Pos[0]); err != nil || !st.IsDir() {
			return fmt.Errorf("%s is not a catalogue directory", c.Pos[0])
		}
		return nil
	})
	h, err := c.openHub(ctx, args)
	if err != nil {
		return err
	}
	defer h.Close()
	src := c.Pos[0]
	fsys := os.DirFS(src)
	set, report, err := catalog.Load(fsys, catalog.Options{KeepGoing: *keepGoing})
	var le *catalog.LoadError
	if errors.As(err, &le) {
		for _, p := range le.Problems {
			fmt.Fprintf(env.Stderr, "%s/%s\n", src, p.Error())
		}
		return fmt.Errorf("目录数据有 %d 处问题，未导入任何内容（修改后重试，或用 --keep-going 跳过有问题的文件）", len(le.Problems))
	} else if err != nil {
		return err
	}
	problems := 0
	if report != nil {
		problems = len(report.Problems)
		for _, p := range report.Problems {
			fmt.Fprintf(env.Stderr, "跳过 %s/%s\n", src, p.Error())
		}
	}
	opt := hub.ImportOptions{Prune: *prune}
	if problems > 0 && *prune {
		// A skipped file's document would otherwise be withdrawn from every
		// kiosk because of a typo.
		opt.Prune = false
		fmt.Fprintln(env.Stderr, "有文件被跳过，本次不执行 --prune（不撤下任何内容）")
	}
	res, err := h.Import(ctx, set, fsys, opt)
	if err != nil {
		return fmt.Errorf("未导入任何内容：%w", err)
	}
	fmt.Fprintf(env.Stdout, "导入完成：新增 %d，更新 %d，撤下 %d，未变 %d，新附件 %d；目录版本 %d → %d\n",
		res.Added, res.Updated, res.Deleted, res.Unchanged, res.Files, res.From, res.To)
	if held := heldDocuments(set); held > 0 {
		fmt.Fprintf(env.Stdout, "%d 份文件的公开属性不是主动公开，留在中心，不发往终端（控制台“公开文件”中可查看）\n", held)
		st, err := pubsqlite.OpenStore(ctx, h.Dir, h.DatabaseURL)
		if err != nil {
			return err
		}
		defer st.Close()
		if _, err := publish.RecordHeld(ctx, st, set.Documents, "hub import", env.Now()); err != nil {
			return err
		}
		if err := keepHeldFiles(ctx, h, set, fsys); err != nil {
			return err
		}
	}
	if problems > 0 {
		fmt.Fprintf(env.Stdout, "注意：跳过了 %d 处问题（见上）\n", problems)
	}
	return nil
}

// heldDocuments counts the documents that stay at the hub (hub.FromCatalog).
func heldDocuments(set *catalog.Set) int {
	n := 0
	for _, d := range set.Documents {
		if d.Disclosure != domain.DisclosureProactive {
			n++
		}
	}
	return n
}

// keepHeldFiles stores the attachments of held documents by their SHA-256
// without offering them to kiosks (only a published document's files are
// served), so staff can open them in the console and publish the document
// later if its 公开属性 changes.
func keepHeldFiles(ctx context.Context, h *hub.Hub, set *catalog.Set, fsys fs.FS) error {
	for _, d := range set.Documents {
		if d.Disclosure == domain.DisclosureProactive {
			continue
		}
		for _, a := range d.Attachments {
			f, ok := set.Files[a.SHA256]
			if have, err := h.Store.HasBlob(ctx, a.SHA256); err != nil || have || !ok {
				if err != nil {
					return err
				}
				continue
			}
			r, err := catalog.OpenFile(fsys, f)
			if err != nil {
				return err
			}
			err = h.Store.PutBlob(ctx, a.SHA256, f.Size, r)
			r.Close()
			if err != nil {
				return err
			}
		}
	}
	return nil
}
