package cmdline

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// Exit is a binary's whole main: it runs main (kioskcli.Main or
// hubcli.Main) on the process's arguments and standard streams, with a
// context that SIGINT and SIGTERM cancel, and exits with its status.
func Exit(main func(ctx context.Context, args []string, env *Env) int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := main(ctx, os.Args[1:], StdEnv())
	stop()
	os.Exit(code)
}
