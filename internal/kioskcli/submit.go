package kioskcli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"gongkai/internal/kiosk"
	"gongkai/internal/submission"
	"gongkai/internal/validate"
	"gongkai/sync/outbox"
)

func init() {
	Register(&Command{
		Name:    "submit",
		Usage:   "submit --data DIR [--config F] [--print] --json FILE",
		Summary: "queue a form handed in at the desk (application, feedback, sign-up, cancel; FILE - is stdin), archive its receipt for kiosk reprint and, with --print, print it; prints the receipt's numbers (exit 3: queued, receipt not printed)",
		Run:     runSubmit,
	})
}

// runSubmit enters a form handed in at the desk through the same intake
// as the screen forms (queued durably, receipt archived, then printed
// with --print), and prints what the receipt shows as JSON: id,
// tracking_number, verification_code, received and, for an application,
// deadline (+ provisional). The input format is documented in package
// internal/submission (example: cmd/kiosk/testdata/submit-
// application.json). An application entered here is always a paper form:
// its signature is on the paper, and staff_id names who entered it.
func runSubmit(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "submit", 0)
	file := c.String("json", "", "the submission as JSON (see internal/submission); - reads standard input")
	print := c.Bool("print", false, "print the receipt on the configured printer ([printer] in the config file)")
	c.Require(func() bool { return *file != "" }, "")
	if err := c.parse(args); err != nil {
		return err
	}
	in, err := readInput(env, *file)
	if err != nil {
		return err
	}
	p, err := submission.Decode(in)
	if err != nil {
		return plain(err)
	}
	if a, ok := p.(*submission.Application); ok {
		a.PaperForm = true
	}

	d, err := openDesk(ctx, &c.Common, *print)
	if err != nil {
		return plain(err)
	}
	defer d.Close()
	t, err := d.take(ctx, env, p)
	if t.Result.ID != "" { // queued: show the numbers even when the print failed
		if jerr := printJSON(env.Stdout, t.Result); jerr != nil && err == nil {
			err = jerr
		}
	}
	return err
}

// readInput reads the submission file (- is standard input), refusing one
// over submission.MaxInputBytes with the limit in Chinese.
func readInput(env *Env, file string) ([]byte, error) {
	r := env.Stdin
	if file != "-" {
		f, err := os.Open(file)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("找不到文件 %s", file)
		case errors.Is(err, fs.ErrPermission):
			return nil, fmt.Errorf("没有权限读取文件 %s", file)
		case err != nil:
			return nil, fmt.Errorf("无法读取文件 %s：%w", file, err)
		}
		defer f.Close()
		r = f
	}
	b, err := submission.ReadInput(r)
	if submission.IsValidation(err) {
		return nil, plain(err)
	} else if err != nil {
		return nil, fmt.Errorf("无法读取文件 %s：%w", file, err)
	}
	return b, nil
}

// submitError prints field errors one per line, key and Chinese message,
// so staff can correct the JSON; other errors keep only their safe message.
func submitError(env *Env, err error) error {
	var fe validate.FieldErrors
	if errors.As(err, &fe) {
		for _, f := range fe.Fields() {
			fmt.Fprintf(env.Stderr, "%s: %s\n", f, fe[f].Message)
		}
		return fmt.Errorf("未提交：有 %d 项需要修改", len(fe))
	}
	return plain(err)
}

// openOutbox opens the data directory and its outbox.
func openOutbox(ctx context.Context, c *Common) (*kiosk.Kiosk, *outbox.Outbox, error) {
	k, _, err := c.Open(ctx)
	if err != nil {
		return nil, nil, err
	}
	ob, err := outbox.Open(ctx, k.Store.DB(), c.Now)
	if err != nil {
		k.Close()
		return nil, nil, err
	}
	return k, ob, nil
}

// printJSON writes v as indented JSON with Chinese left readable.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
