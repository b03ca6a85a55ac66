package client

import (
	"errors"
	"strings"
	"syscall"

	"gongkai/sync/protocol"
)

// problems are the plain-Chinese lines for sync errors: the first whose
// match holds is the one shown.
var problems = []struct {
	match func(error) bool
	line  string
}{
	{is(ErrRevoked), "本机已被中心停用"},
	{is(protocol.ErrBadSignature, protocol.ErrWrongKey, protocol.ErrBundle, protocol.ErrMalformed), "目录签名校验失败，已拒绝"},
	{is(protocol.ErrContent), "附件校验失败，已拒绝"},
	{isDiskFull, "磁盘空间不足"},
	{is(protocol.ErrUnknownVersion), "目录中心的协议版本与本机不兼容，请升级终端软件"},
	{is(ErrNotEnrolled), "本机尚未注册到目录中心"},
	{is(ErrUnauthorized), "中心不认可本机凭据，请重新注册"},
	{is(ErrEnrollCode), "注册码无效、已使用或已过期，请向中心索取新的注册码"},
	{is(ErrUnreachable), "无法连接目录中心"},
	{is(ErrKioskAhead), "本机目录版本高于中心，请联系中心管理员"},
	{is(ErrOlder), "该目录包不比本机目录新，未导入"},
	{is(ErrGap), "该增量目录包与本机目录版本不衔接，请使用完整目录包"},
	{is(ErrMissingFile), "目录包缺少附件，已拒绝"},
	{is(ErrDeviceKey), "中心登记的本机签名密钥与本机不符，提交暂无法上传，请联系中心管理员"},
	{is(ErrHubError), "目录中心暂时出错，稍后自动重试"},
}

// Problem returns the plain-Chinese line staff see for a sync error, "" for
// nil. Visitors never see it.
func Problem(err error) string {
	if err == nil {
		return ""
	}
	for _, p := range problems {
		if p.match(err) {
			return p.line
		}
	}
	return "同步失败，请查看日志"
}

// is matches an error that is any of targets (errors.Is).
func is(targets ...error) func(error) bool {
	return func(err error) bool {
		for _, t := range targets {
			if errors.Is(err, t) {
				return true
			}
		}
		return false
	}
}

func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) ||
		strings.Contains(err.Error(), "database or disk is full")
}
