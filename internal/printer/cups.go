package printer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// cups prints through a CUPS queue with the command-line tools (lp,
// lpstat, cancel): no Go IPP library is available, and the tools are what
// staff use too. Before submitting it checks the queue (lpstat -p, -a), so
// a stopped queue fails at once; after submitting it polls the job (lpstat
// -l -W not-completed / completed) until it is done, fails, or the timeout
// passes, and cancels a job that did not complete, so it cannot come out of
// the printer later, after the visitor has gone and staff have reprinted.
type cups struct {
	queue string
	opts  Options
}

// cupsJob is one job as lpstat -l lists it.
type cupsJob struct {
	ID     string   // e.g. gongkai-pdf-12
	Status string   // the printer's message about the job
	Alerts []string // job-state-reasons
}

// failedReasons are job-state-reasons that mean the job did not print.
var failedReasons = []string{
	"job-completed-with-errors", "aborted-by-system", "job-aborted-by-system",
	"document-format-error", "document-unprintable-error", "document-access-error",
	"job-data-insufficient", "job-canceled-at-device",
}

func (j cupsJob) has(reasons ...string) bool {
	for _, a := range j.Alerts {
		for _, r := range reasons {
			if a == r {
				return true
			}
		}
	}
	return false
}

func (j cupsJob) failed() bool { return j.has(failedReasons...) }

func (j cupsJob) canceled() bool {
	return j.has("job-canceled-by-user", "job-canceled-by-operator")
}

func (j cupsJob) held() bool {
	return j.has("job-hold-until-specified", "job-held-for-review", "job-held-for-authorization")
}

// problem is the printing error of a job that failed, is held or was
// canceled; nil for one on its way or printed. (CUPS lists held jobs as
// not completed and canceled ones as completed.)
func (j cupsJob) problem() error {
	switch {
	case j.failed():
		return fail("打印任务失败，请检查打印机", fmt.Sprintf("job %s: %s [%s]", j.ID, j.Status, strings.Join(j.Alerts, " ")))
	case j.held():
		return fail("打印任务被挂起，请检查打印机队列", fmt.Sprintf("job %s held [%s]", j.ID, strings.Join(j.Alerts, " ")))
	case j.canceled():
		return fail("打印任务已被取消", fmt.Sprintf("job %s canceled [%s]", j.ID, strings.Join(j.Alerts, " ")))
	}
	return nil
}

// run executes a CUPS tool in the C locale (its messages are parsed) with
// stdin as its input.
func (c *cups) run(ctx context.Context, stdin []byte, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C", "LANGUAGE=")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = strings.TrimSpace(out.String())
		}
		return out.String(), &cmdError{cmd: name + " " + strings.Join(args, " "), msg: msg, err: err}
	}
	return out.String(), nil
}

// cmdError is a CUPS tool that failed, with what it printed.
type cmdError struct {
	cmd, msg string
	err      error
}

func (e *cmdError) Error() string { return fmt.Sprintf("%s: %v: %s", e.cmd, e.err, e.msg) }
func (e *cmdError) Unwrap() error { return e.err }

// explain turns a failed CUPS tool into a printing error for staff. An
// unreachable scheduler makes lpstat and lp report every queue as
// missing, so a "missing" queue is told apart with lpstat -r.
func (c *cups) explain(ctx context.Context, err error) (state string, _ error) {
	detail := err.Error()
	var ce *cmdError
	msg := ""
	if errors.As(err, &ce) {
		msg = ce.msg
	}
	switch {
	case errors.Is(err, exec.ErrNotFound):
		return StateOffline, fail("本机未安装 CUPS 打印命令（cups-client）", detail)
	case strings.Contains(msg, "Scheduler is not running"), strings.Contains(msg, "Unable to connect to server"),
		strings.Contains(msg, "No such file or directory") && !strings.Contains(msg, "unable to access"):
		return StateOffline, fail("打印服务（CUPS）未运行，请联系技术支持", detail)
	case strings.Contains(msg, "Invalid destination"), strings.Contains(msg, "does not exist"):
		if out, _ := c.run(ctx, nil, c.opts.LPStat, "-r"); !strings.Contains(out, "scheduler is running") {
			return StateOffline, fail("打印服务（CUPS）未运行，请联系技术支持", detail)
		}
		return StateOffline, fail(fmt.Sprintf("打印机队列 %s 不存在，请检查打印机设置", c.queue), detail)
	case strings.Contains(msg, "not accepting jobs"):
		return StateStopped, fail(fmt.Sprintf("打印机队列 %s 已暂停接收任务", c.queue), detail)
	}
	return StateOffline, fail("打印服务出错，请联系技术支持", detail)
}

var (
	requestID = regexp.MustCompile(`request id is (\S+)`)
	queueLine = regexp.MustCompile(`^printer \S+ (is idle|now printing (\S+?)\.|disabled)`)
)

// queueState reads lpstat -p and -a: whether the queue is enabled and
// accepting jobs, and the reason staff gave when they stopped it.
func (c *cups) queueState(ctx context.Context) (Status, error) {
	st := Status{Target: c.queue}
	out, err := c.run(ctx, nil, c.opts.LPStat, "-p", c.queue)
	if err == nil {
		var acc string
		acc, err = c.run(ctx, nil, c.opts.LPStat, "-a", c.queue)
		out += acc
	}
	if err != nil {
		return st.withProblem(c.explain(ctx, err))
	}
	st.Detail = strings.TrimSpace(out)
	lines := strings.Split(out, "\n")
	m := queueLine.FindStringSubmatch(lines[0])
	switch {
	case m == nil:
		st.State = StateOffline
		err = fail("无法读取打印机队列状态", "lpstat -p "+c.queue+": "+lines[0])
	case m[1] == "disabled":
		st.State = StateStopped
		err = fail(fmt.Sprintf("打印机队列 %s 已停止%s", c.queue, reason(lines)), "lpstat: "+oneLine(out))
	case strings.Contains(out, " not accepting requests"):
		st.State = StateStopped
		err = fail(fmt.Sprintf("打印机队列 %s 已暂停接收任务", c.queue), "lpstat: "+oneLine(out))
	case m[2] != "":
		st.State, st.Message = StateBusy, "正在打印"
	default:
		st.State, st.Message = StateReady, "就绪"
	}
	if err != nil {
		st.Message = messageOf(err)
	}
	return st, err
}

// reason is the indented reason lpstat prints under a stopped queue, as
// "（原因：…）", or "".
func reason(lines []string) string {
	if len(lines) > 1 {
		if r := strings.TrimSpace(lines[1]); r != "" && strings.HasPrefix(lines[1], "\t") {
			return "（" + r + "）"
		}
	}
	return ""
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// jobs lists the queue's jobs that lpstat -W which shows ("not-completed"
// or "completed"), in the order listed.
func (c *cups) jobs(ctx context.Context, which string) ([]cupsJob, error) {
	out, err := c.run(ctx, nil, c.opts.LPStat, "-l", "-W", which, "-o", c.queue)
	if err != nil {
		return nil, err
	}
	return parseJobs(out), nil
}

// parseJobs reads lpstat -l -o output: a line per job starting with its
// id, then tab-indented "Status:" and "Alerts:" lines.
func parseJobs(out string) []cupsJob {
	var jobs []cupsJob
	for _, line := range strings.Split(out, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			jobs = append(jobs, cupsJob{ID: strings.Fields(line)[0]})
			continue
		}
		if len(jobs) == 0 {
			continue
		}
		j := &jobs[len(jobs)-1]
		l := strings.TrimSpace(line)
		if s, ok := strings.CutPrefix(l, "Status:"); ok {
			j.Status = strings.TrimSpace(s)
		} else if a, ok := strings.CutPrefix(l, "Alerts:"); ok {
			j.Alerts = strings.Fields(a)
		}
	}
	return jobs
}

// findJob looks job id up among the queue's jobs of one kind (which is
// lpstat's "not-completed" or "completed"). A listing that ctx cut short
// is errPending: the caller's timeout reports it.
func (c *cups) findJob(ctx context.Context, which, id string) (cupsJob, bool, error) {
	jobs, err := c.jobs(ctx, which)
	if err != nil {
		if ctx.Err() != nil {
			return cupsJob{}, false, errPending
		}
		_, err = c.explain(ctx, err)
		return cupsJob{}, false, err
	}
	for _, j := range jobs {
		if j.ID == id {
			return j, true, nil
		}
	}
	return cupsJob{}, false, nil
}

// jobNumber is the number at the end of a job id (gongkai-pdf-12 → 12).
func jobNumber(id string) int {
	n, _ := strconv.Atoi(id[strings.LastIndexByte(id, '-')+1:])
	return n
}

func (c *cups) status(ctx context.Context) (Status, error) {
	st, err := c.queueState(ctx)
	if err != nil {
		return st, err
	}
	pending, err := c.jobs(ctx, "not-completed")
	if err != nil {
		return st.withProblem(c.explain(ctx, err))
	}
	st.Pending = len(pending)
	for _, j := range pending {
		if j.failed() || j.held() {
			return st.withProblem(StateFailed, fail(fmt.Sprintf("打印任务 %s 出错未完成，请在打印机队列中处理", j.ID), j.ID+": "+j.Status+" ["+strings.Join(j.Alerts, " ")+"]"))
		}
	}
	done, err := c.jobs(ctx, "completed")
	if err != nil {
		return st.withProblem(c.explain(ctx, err))
	}
	var last cupsJob
	lastN := -1
	for _, j := range done {
		if n := jobNumber(j.ID); n > lastN {
			last, lastN = j, n
		}
	}
	if last.ID != "" && last.failed() {
		return st.withProblem(StateFailed, fail("上一个打印任务失败，请检查打印机后打印测试页", last.ID+": "+last.Status+" ["+strings.Join(last.Alerts, " ")+"]"))
	}
	return st, nil
}

func (c *cups) send(ctx context.Context, data []byte, job jobSpec) (JobInfo, error) {
	info := JobInfo{Target: c.queue, Format: job.format}
	if _, err := c.queueState(ctx); err != nil {
		return info, err // stopped or missing: do not leave a job behind
	}
	args := []string{"-d", c.queue, "-t", job.title}
	for _, o := range job.options {
		args = append(args, "-o", o)
	}
	out, err := c.run(ctx, data, c.opts.LP, args...)
	if err != nil {
		_, err = c.explain(ctx, err)
		return info, err
	}
	m := requestID.FindStringSubmatch(out)
	if m == nil {
		return info, fail("打印服务未返回任务编号", "lp: "+oneLine(out))
	}
	info.JobID, info.Bytes = m[1], len(data)
	return info, c.wait(ctx, info.JobID)
}

// wait polls job id until it completes, fails, or the job timeout passes;
// a job that did not complete is cancelled.
func (c *cups) wait(ctx context.Context, id string) error {
	wctx, cancel := context.WithTimeout(ctx, c.opts.JobTimeout)
	defer cancel()
	last := ""
	for {
		err := c.poll(wctx, id, &last)
		if err == nil {
			return nil
		}
		if !errors.Is(err, errPending) {
			c.cancelJob(ctx, id)
			return err
		}
		select {
		case <-wctx.Done():
			c.cancelJob(ctx, id)
			if ctx.Err() != nil {
				return fail("打印已取消", fmt.Sprintf("job %s: %v", id, ctx.Err()))
			}
			msg := fmt.Sprintf("打印机无响应，打印任务已取消（等待 %s）", c.opts.JobTimeout.Round(time.Second))
			return fail(msg, fmt.Sprintf("job %s not completed in %s: %s", id, c.opts.JobTimeout, last))
		case <-time.After(c.opts.PollInterval):
		}
	}
}

// errPending means the job is still queued or printing.
var errPending = errors.New("job pending")

// poll checks job id once: nil when it completed, errPending while it is
// on its way, a printing error when it failed or its queue stopped. last
// receives the printer's latest message about the job.
func (c *cups) poll(ctx context.Context, id string, last *string) error {
	j, ok, err := c.findJob(ctx, "not-completed", id)
	if err != nil {
		return err
	}
	if ok {
		*last = j.Status
		if err := j.problem(); err != nil {
			return err
		}
		if _, err := c.queueState(ctx); err != nil && ctx.Err() == nil {
			return err // stopped while the job waited
		}
		return errPending
	}
	j, ok, err = c.findJob(ctx, "completed", id)
	if err != nil || !ok {
		return err // nil: completed and already purged from the history
	}
	return j.problem() // nil: completed
}

// cancelJob cancels job id, best effort, even when ctx is done.
func (c *cups) cancelJob(ctx context.Context, id string) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_, _ = c.run(cctx, nil, c.opts.Cancel, id)
}

// Queues lists the CUPS queues with `lpstat -a` (a queue's name is the
// first word of its line): what staff may switch receipts to. lpstat ""
// means lpstat from PATH. A system without queues has none, not an error.
func Queues(ctx context.Context, lpstat string) ([]string, error) {
	out, err := (&cups{}).run(ctx, nil, cmp(lpstat, "lpstat"), "-a")
	if err != nil {
		var ce *cmdError
		if strings.Contains(out, "No destinations") || errors.As(err, &ce) && strings.Contains(ce.msg, "No destinations") {
			return nil, nil
		}
		return nil, err
	}
	var qs []string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			qs = append(qs, f[0])
		}
	}
	return qs, nil
}
