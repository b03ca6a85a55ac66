package printer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// device writes ESC/POS to a printer's device file (/dev/usb/lp0). It opens
// the file without blocking, so a FIFO without a reader or a printer that
// is not there fails at once (ENXIO, ENODEV) instead of hanging the
// kiosk, and writes under a deadline so a stalled printer times out.
type device struct {
	path    string
	timeout time.Duration
}

func (d *device) open() (*os.File, error) {
	// Never O_CREATE: a missing device is a missing printer, not a file to make.
	return os.OpenFile(d.path, os.O_WRONLY|os.O_APPEND|syscall.O_NONBLOCK, 0)
}

func (d *device) send(ctx context.Context, data []byte, job jobSpec) (JobInfo, error) {
	info := JobInfo{Transport: "device", Target: d.path, Format: job.format}
	f, err := d.open()
	if err != nil {
		return info, d.openError(err)
	}
	defer f.Close()
	deadline := time.Now().Add(d.timeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	_ = f.SetWriteDeadline(deadline) // ErrNoDeadline for regular files, which never block
	stop := context.AfterFunc(ctx, func() { _ = f.SetWriteDeadline(time.Unix(1, 0)) })
	defer stop()
	n, err := f.Write(data)
	info.Bytes = n
	if err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			if ctx.Err() != nil {
				return info, fail("打印已取消", fmt.Sprintf("write %s: %v", d.path, ctx.Err()))
			}
			return info, fail("打印机无响应，请检查纸张和打印机状态", fmt.Sprintf("write %s: no progress in %s", d.path, d.timeout))
		}
		return info, fail("打印机写入失败，请检查打印机连接", fmt.Sprintf("write %s: %v", d.path, err))
	}
	if err := f.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return info, fail("打印机写入失败，请检查打印机连接", fmt.Sprintf("close %s: %v", d.path, err))
	}
	return info, nil
}

func (d *device) status(ctx context.Context) (Status, error) {
	st := Status{Target: d.path}
	f, err := d.open()
	if err != nil {
		return st.withProblem(StateOffline, d.openError(err))
	}
	f.Close()
	st.State, st.Message = StateReady, "就绪"
	return st, nil
}

// openError explains why the device file did not open.
func (d *device) openError(err error) error {
	detail := fmt.Sprintf("open %s: %v", d.path, err)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail(fmt.Sprintf("找不到打印机设备 %s，请检查打印机电源和 USB 连接", d.path), detail)
	case errors.Is(err, fs.ErrPermission):
		return fail(fmt.Sprintf("没有打印机设备 %s 的写入权限（需加入 lp 组）", d.path), detail)
	case errors.Is(err, syscall.ENXIO), errors.Is(err, syscall.ENODEV):
		return fail("打印机未连接或未开机", detail)
	case errors.Is(err, syscall.EBUSY):
		return fail("打印机设备正被其他程序占用", detail)
	}
	return fail("打印机设备无法打开", detail)
}
