package printer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"time"

	"gongkai/internal/domain"
)

// tcp sends ESC/POS to a network printer's raw port (9100, "JetDirect").
// The printer reads until the connection closes; there is no reply.
type tcp struct {
	addr    string
	timeout time.Duration
}

func (t *tcp) dial(ctx context.Context) (net.Conn, error) {
	d := net.Dialer{Timeout: t.timeout}
	return d.DialContext(ctx, "tcp", t.addr)
}

func (t *tcp) send(ctx context.Context, data []byte, job jobSpec) (JobInfo, error) {
	info := JobInfo{Transport: "tcp", Target: t.addr, Format: job.format}
	conn, err := t.dial(ctx)
	if err != nil {
		return info, t.netError(ctx, "connect", err)
	}
	defer conn.Close()
	deadline := time.Now().Add(t.timeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	n, err := conn.Write(data)
	info.Bytes = n
	if err != nil {
		return info, t.netError(ctx, "write", err)
	}
	// Half-close so the printer sees the end of the job, then close.
	if c, ok := conn.(*net.TCPConn); ok {
		if err := c.CloseWrite(); err != nil {
			return info, t.netError(ctx, "close", err)
		}
	}
	return info, nil
}

func (t *tcp) status(ctx context.Context) (Status, error) {
	st := Status{Target: t.addr}
	conn, err := t.dial(ctx)
	if err != nil {
		return st.withProblem(StateOffline, t.netError(ctx, "connect", err))
	}
	conn.Close()
	st.State, st.Message = StateReady, "就绪"
	return st, nil
}

// netError explains a network failure for staff.
func (t *tcp) netError(ctx context.Context, op string, err error) error {
	detail := fmt.Sprintf("%s %s: %v", op, t.addr, err)
	switch {
	case ctx.Err() != nil:
		return fail("打印已取消", detail)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fail(fmt.Sprintf("打印机 %s 拒绝连接，请检查打印机电源和网络设置", t.addr), detail)
	case errors.Is(err, os.ErrDeadlineExceeded), isTimeout(err):
		return fail(fmt.Sprintf("连接打印机 %s 超时，请检查打印机电源和网线", t.addr), detail)
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return fail(fmt.Sprintf("网络不通，无法连接打印机 %s", t.addr), detail)
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return fail("打印机中断了连接，请检查打印机状态后重新打印", detail)
	}
	return fail(fmt.Sprintf("无法连接打印机 %s", t.addr), detail)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// messageOf is err's staff message.
func messageOf(err error) string { return domain.ErrorMessage(err) }
