// Command kiosk is Gongkai Kiosk, the touchscreen terminal of a government
// information disclosure area. Without a subcommand it starts the full-
// screen app; `kiosk help` lists the staff subcommands.
package main

import (
	"gongkai/internal/cmdline"
	"gongkai/internal/kioskcli"
)

func main() { cmdline.Exit(kioskcli.Main) }
