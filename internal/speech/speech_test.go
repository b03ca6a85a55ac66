package speech

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/config"
)

// needEngine returns a config for the real espeak-ng, failing in CI (which
// installs it: scripts/setup-debian.sh) and skipping elsewhere when it is
// missing.
func needEngine(t testing.TB) config.Speech {
	t.Helper()
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("espeak-ng is not installed: scripts/setup-debian.sh installs it")
		}
		t.Skip("espeak-ng is not installed")
	}
	cfg := config.Default().Speech
	return cfg
}

// TestSynthesizeGrowsWithText runs the real engine with the Mandarin
// voice: the WAV it writes is longer for a longer text.
func TestSynthesizeGrowsWithText(t *testing.T) {
	e := New(needEngine(t))
	e.Play = func(context.Context, io.Reader) error { return nil }
	if err := e.Check(t.Context()); err != nil {
		t.Fatalf("Check: %v", err)
	}
	dir := t.TempDir()
	var sizes []int64
	for i, text := range []string{
		"政务公开",
		"关于印发《阳谷县义务教育学校招生入学办法》的通知",
		"关于印发《阳谷县义务教育学校招生入学办法》的通知。各乡镇（街道）中心学校，县直各学校：现将办法印发给你们，请认真贯彻执行。",
	} {
		path := filepath.Join(dir, "s"+string(rune('0'+i))+".wav")
		if err := e.Synthesize(t.Context(), text, path); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
			t.Fatalf("%s is not a WAV file", path)
		}
		sizes = append(sizes, int64(len(b)))
	}
	for i := 1; i < len(sizes); i++ {
		if sizes[i] <= sizes[i-1]*3/2 {
			t.Errorf("WAV sizes %v do not grow with the text", sizes)
		}
	}
	// Slower speech is longer.
	slow := filepath.Join(dir, "slow.wav")
	e.SetSpeed(config.SpeechSpeedMin)
	if err := e.Synthesize(t.Context(), "政务公开", slow); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(slow); fi.Size() <= sizes[0] {
		t.Errorf("at speed %d the WAV is %d bytes, at 150 %d", e.Speed(), fi.Size(), sizes[0])
	}
}

// recorder is a player that keeps what it was given.
type recorder struct {
	mu     sync.Mutex
	chunks int
	bytes  int
}

func (r *recorder) play(ctx context.Context, wav io.Reader) error {
	n, _ := io.Copy(io.Discard, wav)
	r.mu.Lock()
	r.chunks++
	r.bytes += int(n)
	r.mu.Unlock()
	return nil
}

func TestSpeakPlaysEachChunkAndStops(t *testing.T) {
	e := New(needEngine(t))
	rec := &recorder{}
	e.Play = rec.play
	first := make(chan struct{}, 1)
	e.FirstSample = func() { first <- struct{}{} }
	if err := e.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.Speak([]string{"文件详情。", "", "关于印发招生入学办法的通知。"})
	<-first
	for e.Speaking() {
		time.Sleep(5 * time.Millisecond) // until the two chunks are played
	}
	if rec.chunks != 2 || rec.bytes < 2*wavHeader {
		t.Errorf("played %d chunks, %d bytes; want the 2 non-empty chunks", rec.chunks, rec.bytes)
	}
	// A long text is cut off by Stop, and nothing is left running.
	e.Speak([]string{strings.Repeat("政务公开，", 200)})
	e.Stop()
	if e.Speaking() {
		t.Error("still speaking after Stop")
	}
	if e.Problem() != "" {
		t.Errorf("Stop left a problem: %q", e.Problem())
	}
}

// TestMissingPartsAreStaffNotices checks that a kiosk without the engine
// or a player says so for staff, and that Speak then does nothing rather
// than fail.
func TestMissingPartsAreStaffNotices(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  func(*config.Speech)
		want string
	}{
		{"no engine", func(c *config.Speech) { c.Engine = "no-such-speech-engine" }, "未安装语音引擎"},
		{"off", func(c *config.Speech) { c.Engine = "" }, "未配置"},
		{"no player", func(c *config.Speech) { c.Player = "no-such-player" }, "未安装播放程序"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default().Speech
			if tt.name == "no player" {
				cfg = needEngine(t)
			}
			tt.cfg(&cfg)
			e := New(cfg)
			if err := e.Check(t.Context()); err == nil || !strings.Contains(e.Problem(), tt.want) {
				t.Fatalf("Check = %v, Problem %q; want %q", err, e.Problem(), tt.want)
			}
			e.Speak([]string{"政务公开"})
			if e.Speaking() {
				t.Error("speaking without an engine")
			}
		})
	}
}
