// Command kiosk is Gongkai Kiosk, the touchscreen terminal of a government
// information disclosure area. Without a subcommand it starts the full-
// screen app; `kiosk help` lists the staff subcommands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"gongkai/internal/kioskcli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := kioskcli.Main(ctx, os.Args[1:], kioskcli.StdEnv())
	stop()
	os.Exit(code)
}
