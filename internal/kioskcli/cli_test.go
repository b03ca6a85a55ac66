package kioskcli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/version"
)

// kioskProcess runs this test binary as the kiosk (TestMain) with args,
// in an environment whose only locale variables are those in locale.
func kioskProcess(t *testing.T, mode string, locale map[string]string, args ...string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k != "LANG" && k != "LANGUAGE" && !strings.HasPrefix(k, "LC_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, asKiosk+"="+mode)
	for k, v := range locale {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("kiosk %s with %v: %v\n%s", strings.Join(args, " "), locale, err, errb.String())
	}
	return out.String(), errb.String()
}

func TestVersionFlag(t *testing.T) {
	for _, arg := range []string{"--version", "-version"} {
		out, errs, status := runCLI(arg)
		if want := "kiosk " + version.Get().String() + "\n"; status != 0 || out != want || errs != "" {
			t.Errorf("kiosk %s: status %d, out %q, err %q; want %q", arg, status, out, errs, want)
		}
	}
}

// TestCommandsQuietInAnyLocale runs kiosk commands as a server or an SSH
// session would, where the locale is C: Fyne, linked into the binary for
// the app, must print nothing about it, and the app falls back to
// Simplified Chinese rather than English.
func TestCommandsQuietInAnyLocale(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	tests := []struct {
		locale map[string]string
		want   string // the locale Fyne reads
	}{
		{map[string]string{"LANG": "C.UTF-8"}, "zh-CN"},
		{map[string]string{"LANG": "C"}, "zh-CN"},
		{map[string]string{"LC_ALL": "POSIX"}, "zh-CN"},
		{map[string]string{}, "zh-CN"},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, "zh-CN"},
		{map[string]string{"LANG": "en_US.UTF-8"}, "en-US"},
	}
	for _, tt := range tests {
		for _, args := range [][]string{{"help"}, {"queue", "--data", data}} {
			_, errs := kioskProcess(t, "main", tt.locale, args...)
			if strings.Contains(errs, "Fyne error") || strings.Contains(errs, "user locale") {
				t.Errorf("kiosk %s with %v prints on stderr:\n%s", strings.Join(args, " "), tt.locale, errs)
			}
		}
		out, errs := kioskProcess(t, "locale", tt.locale)
		if got := strings.TrimSpace(out); got != tt.want || errs != "" {
			t.Errorf("with %v Fyne reads locale %q (stderr %q), want %q", tt.locale, got, errs, tt.want)
		}
	}
}
