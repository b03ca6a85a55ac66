// Command hub is the Gongkai hub: it keeps the agency's catalogue, enrols
// kiosks and serves them signed catalogue pages; `hub help` lists the
// subcommands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"gongkai/internal/hubcli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := hubcli.Main(ctx, os.Args[1:], hubcli.StdEnv())
	stop()
	os.Exit(code)
}
