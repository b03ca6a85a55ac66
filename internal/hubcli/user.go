package hubcli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"gongkai/internal/accounts"
	"gongkai/internal/prompt"
	"gongkai/sync/hub"
)

func init() {
	Register(&Command{
		Name: "user",
		Usage: "user add --data DIR --login NAME --role ROLE [--dept 科室] [--name 姓名]\n" +
			"      hub user list --data DIR\n" +
			"      hub user unlock --data DIR --login NAME\n" +
			"      hub user reset-password --data DIR --login NAME\n" +
			"      roles: 登记员 | 承办人 (needs --dept) | 审核人 | 管理员 | 前台; the password is typed twice on a terminal,\n" +
			"      or read from standard input (one line, or two that match) when it is not one",
		Summary: "console accounts: create the first 管理员 here, the rest in the console",
		Run:     runUser,
	})
}

func runUser(ctx context.Context, env *Env, args []string) error {
	sub, args, err := subcommand(env, "user", args, "add", "list", "unlock", "reset-password")
	if err != nil {
		return err
	}
	switch sub {
	case "add":
		return runUserAdd(ctx, env, args)
	case "list":
		return runUserList(ctx, env, args)
	default: // unlock, reset-password
		return runUserFix(ctx, env, sub, args)
	}
}

// openAccounts opens the console's accounts of the hub in the --data
// directory of fs, where its stores are (--db, or the database `hub init
// --db` recorded, else console.db), refusing a directory that holds no hub.
func openAccounts(ctx context.Context, env *Env, fs *flag.FlagSet) (*accounts.Store, error) {
	dir := fs.Lookup("data").Value.String()
	url, err := hub.DatabaseURL(dir, database(fs))
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "hub.db")); errors.Is(err, os.ErrNotExist) && url == "" {
		return nil, fmt.Errorf("%s holds no hub: run `hub init --data %s` first", dir, dir)
	}
	return accounts.OpenStore(ctx, dir, url, accounts.Options{Now: env.Now})
}

func runUserAdd(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "user add", 0)
	login := c.String("login", "", "the login name (lowercase letters, digits, . _ -)")
	role := c.String("role", "", "登记员, 承办人, 审核人, 管理员 or 前台")
	dept := c.String("dept", "", "the 科室 (required for a 承办人)")
	name := c.String("name", "", "the person's name as the console shows it")
	c.Require(func() bool { return *login != "" && *role != "" }, "--login and --role are required")
	var r accounts.Role
	c.Validate(func() (err error) {
		if r, err = accounts.ParseRole(*role); err == nil {
			err = accounts.CheckLogin(*login)
		}
		return prompt.Plain(err)
	})
	s, err := c.openAccounts(ctx, args)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Get(ctx, *login); err == nil {
		return fmt.Errorf("用户名“%s”已被使用", *login)
	}
	pw, err := prompt.ReadNew(env.Stdin, env.Stderr, prompt.Secret{
		Prompt:   fmt.Sprintf("账号 %s 的密码（至少 %d 个字符）：", *login, accounts.MinPasswordLen),
		Check:    func(p string) error { return accounts.CheckPassword(*login, p) },
		PipeOnce: true,
	})
	if err != nil {
		return err
	}
	a, err := s.Add(ctx, accounts.ActorCLI, accounts.NewAccount{Login: *login, Name: *name, Role: r, Dept: *dept, Password: pw})
	if err != nil {
		return prompt.Plain(err)
	}
	line := fmt.Sprintf("已创建账号 %s（%s", a.Login, a.Role)
	if a.Dept != "" {
		line += "，" + a.Dept
	}
	fmt.Fprintln(env.Stdout, line+"）。")
	return nil
}

func runUserList(ctx context.Context, env *Env, args []string) error {
	s, err := newCall(env, "user list", 0).openAccounts(ctx, args)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.List(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "用户名\t姓名\t角色\t科室\t状态\t最近登录")
	now := env.Now()
	for _, a := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", a.Login, dash(a.Name), a.Role, dash(a.Dept), a.State(now), localTime(a.LastLogin))
	}
	return tw.Flush()
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// runUserFix unlocks an account or resets its password from the hub's
// terminal: the way back in when the only administrator is locked out or
// has forgotten the password.
func runUserFix(ctx context.Context, env *Env, sub string, args []string) error {
	c := newCall(env, "user "+sub, 0)
	login := c.String("login", "", "the account")
	c.Require(func() bool { return *login != "" }, "--login is required")
	s, err := c.openAccounts(ctx, args)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Get(ctx, *login); err != nil {
		return prompt.Plain(err)
	}
	if sub == "unlock" {
		if err := s.Unlock(ctx, accounts.ActorCLI, *login); err != nil {
			return prompt.Plain(err)
		}
		fmt.Fprintf(env.Stdout, "已解锁账号 %s。\n", *login)
		return nil
	}
	pw, err := prompt.ReadNew(env.Stdin, env.Stderr, prompt.Secret{
		Prompt:   fmt.Sprintf("账号 %s 的临时密码（登录后须修改）：", *login),
		Check:    func(p string) error { return accounts.CheckPassword(*login, p) },
		PipeOnce: true,
	})
	if err != nil {
		return err
	}
	if err := s.ResetPassword(ctx, accounts.ActorCLI, *login, pw); err != nil {
		return prompt.Plain(err)
	}
	fmt.Fprintf(env.Stdout, "已重置账号 %s 的密码并解除锁定；下次登录时须修改密码。\n", *login)
	return nil
}
