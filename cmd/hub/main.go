// Command hub is the Gongkai hub: it keeps the agency's catalogue, enrols
// kiosks and serves them signed catalogue pages; `hub help` lists the
// subcommands.
package main

import (
	"gongkai/internal/cmdline"
	"gongkai/internal/hubcli"
)

func main() { cmdline.Exit(hubcli.Main) }
