package client

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"gongkai/sync/protocol"
)

func TestProblemIsPlainChinese(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{ErrRevoked, "本机已被中心停用"},
		{fmt.Errorf("page 3: %w", protocol.ErrBadSignature), "目录签名校验失败，已拒绝"},
		{fmt.Errorf("bundle: %w", protocol.ErrWrongKey), "目录签名校验失败，已拒绝"},
		{&fs.PathError{Op: "write", Path: "/data/attachments/x.part", Err: syscall.ENOSPC}, "磁盘空间不足"},
		{errors.New("apply: database or disk is full"), "磁盘空间不足"},
		{fmt.Errorf("%w: dial tcp: connection refused", ErrUnreachable), "无法连接目录中心"},
		{fmt.Errorf("%w \"gongkai-sync/2\"", protocol.ErrUnknownVersion), "目录中心的协议版本与本机不兼容，请升级终端软件"},
		{errors.New("something else"), "同步失败，请查看日志"},
	}
	for _, tt := range tests {
		if got := Problem(tt.err); got != tt.want {
			t.Errorf("Problem(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
