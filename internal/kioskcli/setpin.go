package kioskcli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"gongkai/internal/domain"
	"gongkai/internal/kiosk"
	"gongkai/internal/staff"
)

func init() {
	Register(&Command{
		Name:    "set-pin",
		Usage:   "set-pin --data DIR [--config F]   (PIN read twice from stdin, no echo on a terminal)",
		Summary: "set the staff PIN (stored only as an argon2id hash; clears a lockout)",
		Run:     runSetPIN,
	})
}

func runSetPIN(ctx context.Context, env *Env, args []string) error {
	var c Common
	fs := Flags(env, "set-pin", &c)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return ErrUsage // the flag package has printed what was wrong
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "kiosk set-pin: takes no arguments; the PIN is read from standard input so it stays out of the shell history")
		return ErrUsage
	}
	cfg, err := c.Config()
	if err != nil {
		return err
	}
	pin, err := readNewPIN(env)
	if err != nil {
		return err
	}
	k, err := kiosk.Open(ctx, cfg, kiosk.Options{Now: c.Now})
	if err != nil {
		return err
	}
	defer k.Close()
	s, err := staff.Open(ctx, k.Store.DB(), k.Store, staff.Options{Now: c.Now})
	if err != nil {
		return err
	}
	if err := s.SetPIN(ctx, pin); err != nil {
		return plain(err)
	}
	fmt.Fprintf(env.Stdout, "已设置工作人员密码（数据目录 %s）；如有登录锁定，已一并解除。\n", k.DataDir)
	return nil
}

// readNewPIN reads the new PIN twice: without echo, with prompts on
// stderr, when stdin is a terminal; otherwise as two lines (for scripts:
// printf '246810\n246810\n' | kiosk set-pin). The PIN is never written
// anywhere.
func readNewPIN(env *Env) (string, error) {
	var read func(prompt string) (string, error)
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		read = func(prompt string) (string, error) {
			fmt.Fprint(env.Stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(env.Stderr)
			return string(b), err
		}
	} else {
		r := bufio.NewReader(env.Stdin)
		read = func(string) (string, error) {
			line, err := r.ReadString('\n')
			if errors.Is(err, io.EOF) && line != "" {
				err = nil // a last line without its newline
			}
			return strings.TrimRight(line, "\r\n"), err
		}
	}
	first, err := read("新的工作人员密码（6–12 位数字）：")
	if errors.Is(err, io.EOF) {
		return "", errors.New("没有读到密码：请在终端输入，或从标准输入给出两行相同的密码")
	} else if err != nil {
		return "", fmt.Errorf("read PIN: %w", err)
	}
	if err := staff.CheckPIN(first); err != nil {
		return "", plain(err)
	}
	second, err := read("再输入一遍：")
	if errors.Is(err, io.EOF) {
		return "", errors.New("需要输入两遍密码（第二遍用于确认），未做任何更改")
	} else if err != nil {
		return "", fmt.Errorf("read PIN: %w", err)
	}
	if second != first {
		return "", errors.New("两次输入的密码不一致，未做任何更改")
	}
	return first, nil
}

// plain turns a *domain.Error into its Chinese message alone, for a
// person at the terminal; other errors pass through.
func plain(err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return errors.New(de.Message)
	}
	return err
}
