package staffui

import (
	"context"
	"fmt"

	"gongkai/internal/domain"
	"gongkai/sync/client"
)

// esync is the code of the errors below; their messages are client.Problem's.
const esync = "sync"

// syncError keeps err for logs and gives staff client.Problem's words.
func syncError(err error) error {
	return fmt.Errorf("%v: %w", err, domain.Errorf(esync, "%s", client.Problem(err)))
}

// SyncWithClient is a Deps.SyncNow that runs one sync pass with c and
// words the result for staff. Use it when no background worker runs.
func SyncWithClient(c *client.Client) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		res, err := c.SyncOnce(ctx)
		if err != nil {
			return "", syncError(err)
		}
		if res.Changes == 0 {
			return fmt.Sprintf("同步完成：目录已是最新（版本 %d）。", res.To), nil
		}
		return fmt.Sprintf("同步完成：%d 项更新，目录版本 %d。", res.Changes, res.To), nil
	}
}

// SyncWithWorker is a Deps.SyncNow that asks the running background
// worker to sync at once; its Status shows the outcome.
func SyncWithWorker(w *client.Worker) func(context.Context) (string, error) {
	return func(context.Context) (string, error) {
		w.SyncNow()
		return "已通知后台立即同步，稍后按“刷新”查看结果。", nil
	}
}

// ImportWithClient is a Deps.ImportBundle that imports a bundle file with c.
func ImportWithClient(c *client.Client) func(context.Context, string) (string, error) {
	return func(ctx context.Context, path string) (string, error) {
		res, err := c.ImportBundle(ctx, path)
		if err != nil {
			return "", syncError(err)
		}
		return fmt.Sprintf("已导入目录包：%d 项更新，%d 个附件，目录版本 %d。", res.Changes, res.Files, res.To), nil
	}
}
