package hubcli

import (
	"context"
	"fmt"
	"os"
)

func init() {
	Register(&Command{
		Name:  "import-submissions",
		Usage: "import-submissions --data DIR FILE",
		Summary: "take in a kiosk's queue exported to a USB drive (kiosk export-queue); " +
			"records also sent over the network, or imported before, are not duplicated",
		Run:     runImportSubmissions,
		Escaped: true,
	})
}

func runImportSubmissions(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "import-submissions", 1)
	if err := c.parse(args); err != nil {
		return err
	}
	pos := c.Pos
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	_, s, closeAll, err := openSubmissions(ctx, env, c.FlagSet)
	if err != nil {
		return err
	}
	defer closeAll()
	sum, err := s.Import(ctx, f)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	for _, p := range sum.Problems {
		fmt.Fprintln(env.Stderr, p)
	}
	fmt.Fprintf(env.Stdout, "导入完成：文件中 %d 项，新收 %d 项，中心已有 %d 项（未重复保存）", sum.Records, sum.New, sum.Known)
	if n := sum.Conflicts + sum.Rejected + sum.Revoked + sum.Waiting; n > 0 {
		fmt.Fprintf(env.Stdout, "；未导入 %d 项（冲突 %d，拒收 %d，终端停用后生成 %d，待终端登记密钥 %d，见上）\n",
			n, sum.Conflicts, sum.Rejected, sum.Revoked, sum.Waiting)
		if sum.Revoked > 0 {
			return fmt.Errorf("%d 项未导入，其中 %d 项是终端被停用之后生成的，不予接收", n, sum.Revoked)
		}
		return fmt.Errorf("%d 项未导入", n)
	}
	fmt.Fprintln(env.Stdout)
	return nil
}
