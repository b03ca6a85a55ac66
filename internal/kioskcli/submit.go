package kioskcli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"gongkai/internal/kiosk"
	"gongkai/internal/submission"
	"gongkai/internal/validate"
	"gongkai/sync/client"
	"gongkai/sync/outbox"
)

func init() {
	Register(&Command{
		Name:    "submit",
		Usage:   "submit --data DIR [--config F] --json FILE",
		Summary: "queue a form handed in at the desk (application, feedback, sign-up, cancel; FILE - is stdin) and print the receipt's numbers",
		Run:     runSubmit,
	})
}

// runSubmit enters a form handed in at the desk into the same sealed,
// durable queue as the screen forms, and prints what the receipt shows
// as JSON: id, tracking_number, verification_code, received and, for an
// application, deadline (+ provisional). The input format is documented in
// package internal/submission (example: cmd/kiosk/testdata/submit-
// application.json). An application entered here is always a paper form:
// its signature is on the paper, and staff_id names who entered it.
func runSubmit(ctx context.Context, env *Env, args []string) error {
	var c Common
	fs := Flags(env, "submit", &c)
	file := fs.String("json", "", "the submission as JSON (see internal/submission); - reads standard input")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "usage: kiosk submit --data DIR [--config F] --json FILE")
		return ErrUsage
	}
	var in []byte
	var err error
	if *file == "-" {
		in, err = io.ReadAll(io.LimitReader(env.Stdin, 16<<20))
	} else {
		in, err = os.ReadFile(*file)
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", *file, err)
	}
	p, err := submission.Decode(in)
	if err != nil {
		return plain(err)
	}
	if a, ok := p.(*submission.Application); ok {
		a.PaperForm = true
	}

	k, svc, err := openSubmissions(ctx, &c)
	if err != nil {
		return err
	}
	defer k.Close()
	res, err := svc.Submit(ctx, p)
	if err != nil {
		return submitError(env, err)
	}
	return printJSON(env.Stdout, res)
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

// openSubmissions opens the data directory, its outbox, and the
// submission service with the kiosk's enrolment (submissionService, which
// the app uses too). An unenrolled kiosk gets a service whose Submit says
// so in Chinese.
func openSubmissions(ctx context.Context, c *Common) (*kiosk.Kiosk, *submission.Service, error) {
	k, ob, err := openOutbox(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	cl := client.New(k.DataDir, client.NewStoreCatalogue(k.Store), client.Options{Now: c.Now})
	svc, err := submissionService(ctx, k, ob, cl, c.Now)
	if err != nil {
		k.Close()
		return nil, nil, err
	}
	return k, svc, nil
}

// openOutbox opens the data directory and its outbox.
func openOutbox(ctx context.Context, c *Common) (*kiosk.Kiosk, *outbox.Outbox, error) {
	cfg, err := c.Config()
	if err != nil {
		return nil, nil, err
	}
	k, err := kiosk.Open(ctx, cfg, kiosk.Options{Now: c.Now})
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
