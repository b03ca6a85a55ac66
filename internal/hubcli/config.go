package hubcli

import (
	"flag"
	"fmt"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// A hub configuration file (--config, /etc/gongkai/hub.toml in the Debian
// package) holds the flags an installation always gives, under the flags'
// own names:
//
//	data = "/var/lib/gongkai-hub"   # --data of every command
//	database_url = "postgres://…"   # --db of every command: the stores in PostgreSQL
//
//	[serve]                         # flags of `hub serve`
//	addr = ":8440"
//
// A flag on the command line wins over the file. A key that is not a flag
// of its command, or a section that is no command, is an error, so that a
// typo never falls back to a default silently. Sections of other commands
// are ignored: one file serves every command.

// topLevel maps the keys allowed outside a section to their flags.
var topLevel = map[string]string{"data": "data", "database_url": "db"}

// configure fills the flags of fs (a command's flag set, "hub CMD") that
// the command line left unset from the file named by its --config flag.
func configure(fs *flag.FlagSet) error {
	path := fs.Lookup("config").Value.String()
	if path == "" {
		return nil
	}
	var file map[string]any
	if _, err := toml.DecodeFile(path, &file); err != nil {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	cmd := strings.TrimPrefix(fs.Name(), "hub ")
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	keys := make([]string, 0, len(file))
	for k := range file {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		section, isSection := file[k].(map[string]any)
		switch {
		case !isSection && k != "data" && k != "database_url":
			return fmt.Errorf("config file %s: unknown key %q (only data and database_url are allowed outside a [command] section)", path, k)
		case !isSection:
			if err := setFlag(fs, given, path, "", topLevel[k], file[k]); err != nil {
				return err
			}
		case k != cmd && commands.Lookup(k) == nil:
			return fmt.Errorf("config file %s: [%s] is not a hub command", path, k)
		case k == cmd:
			for name, v := range section {
				if err := setFlag(fs, given, path, k, name, v); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// setFlag sets flag name of fs to v unless the command line gave it.
func setFlag(fs *flag.FlagSet, given map[string]bool, path, section, name string, v any) error {
	where := fmt.Sprintf("config file %s: %q", path, name)
	if section != "" {
		where = fmt.Sprintf("config file %s: [%s] %q", path, section, name)
	}
	f := fs.Lookup(name)
	if f == nil || name == "config" {
		return fmt.Errorf("%s is not a flag of %s", where, fs.Name())
	}
	if given[name] {
		return nil
	}
	switch v.(type) {
	case string, int64, float64, bool:
	default:
		return fmt.Errorf("%s: give a string, number or true/false", where)
	}
	if err := f.Value.Set(fmt.Sprint(v)); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	return nil
}
