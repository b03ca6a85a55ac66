// Package prompt reads a new secret (a staff PIN, an account password) at
// a command line: twice without echo on a terminal, from lines of standard
// input otherwise, so scripts can pipe it in and it never appears in the
// shell history or a process listing.
package prompt

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"gongkai/internal/domain"
)

// Secret describes one new secret to read.
type Secret struct {
	Prompt string             // the first prompt, e.g. "新密码："
	Check  func(string) error // checks the first entry before asking again; may be nil
	// PipeOnce accepts a single line from a pipe (a second line, if given,
	// must still match). Without it a pipe must give the secret twice.
	PipeOnce bool
}

// ReadNew reads a new secret from in: without echo and twice, with prompts
// on errw, when in is a terminal; otherwise from its lines. Errors for a
// person (no input, a refused secret, a mismatch) carry a Chinese message
// alone.
func ReadNew(in io.Reader, errw io.Writer, s Secret) (string, error) {
	var read func(prompt string) (string, error)
	tty := false
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		tty = true
		read = func(prompt string) (string, error) {
			fmt.Fprint(errw, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(errw)
			return string(b), err
		}
	} else {
		r := bufio.NewReader(in)
		read = func(string) (string, error) {
			line, err := r.ReadString('\n')
			if errors.Is(err, io.EOF) && line != "" {
				err = nil // a last line without its newline
			}
			return strings.TrimRight(line, "\r\n"), err
		}
	}
	first, err := read(s.Prompt)
	if errors.Is(err, io.EOF) {
		return "", errors.New("没有读到密码：请在终端输入，或从标准输入给出密码")
	} else if err != nil {
		return "", fmt.Errorf("read secret: %w", err)
	}
	if s.Check != nil {
		if err := s.Check(first); err != nil {
			return "", Plain(err)
		}
	}
	second, err := read("再输入一遍：")
	switch {
	case errors.Is(err, io.EOF) && s.PipeOnce && !tty:
		return first, nil
	case errors.Is(err, io.EOF):
		return "", errors.New("需要输入两遍密码（第二遍用于确认），未做任何更改")
	case err != nil:
		return "", fmt.Errorf("read secret: %w", err)
	case second != first:
		return "", errors.New("两次输入的密码不一致，未做任何更改")
	}
	return first, nil
}

// Plain turns a *domain.Error into its Chinese message alone, for a person
// at the terminal; other errors pass through.
func Plain(err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return errors.New(de.Message)
	}
	return err
}
