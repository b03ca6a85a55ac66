// Package speech reads text aloud for 语音播报 (issue 13): Mandarin with
// espeak-ng's cmn voice, which Debian ships and which works offline,
// played on the default audio device with aplay. It runs the engine as a
// program per chunk of text (a title, a paragraph), so speech starts as
// soon as the first chunk is synthesised and stops at once: Stop kills
// what is running.
//
// A kiosk without the engine or without an audio device keeps working:
// Problem says why it cannot speak, for the staff banner, and Speak does
// nothing. Nothing here ever reaches a visitor as an error.
package speech

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/internal/config"
)

// wavHeader is the size of the header espeak-ng writes before the samples
// on --stdout.
const wavHeader = 44

// Engine speaks text with an espeak-ng program and an audio player.
type Engine struct {
	cfg config.Speech
	// Play, if set, replaces the audio player: it receives the engine's
	// WAV stream (tests and benchmarks, which have no sound card).
	Play func(ctx context.Context, wav io.Reader) error
	// FirstSample, if set, is called when the first audio sample of a
	// Speak comes out of the engine (the benchmark's stopwatch).
	FirstSample func()
	// Logf logs for staff; never the text spoken (it may be personal).
	Logf func(format string, args ...any)

	volume, speed atomic.Int64
	problem       atomic.Value // string

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// New returns an engine for cfg. Check it before the first visitor.
func New(cfg config.Speech) *Engine {
	e := &Engine{cfg: cfg, Logf: func(string, ...any) {}}
	e.volume.Store(int64(cfg.Volume))
	e.speed.Store(int64(cfg.Speed))
	e.problem.Store("")
	return e
}

// Check looks for the engine, its Mandarin voice and an audio device,
// and records what is missing for Problem. It returns the same as an
// error (nil when the engine can speak).
func (e *Engine) Check(ctx context.Context) error {
	err := e.check(ctx)
	if err != nil {
		e.problem.Store(err.Error())
	} else {
		e.problem.Store("")
	}
	return err
}

func (e *Engine) check(ctx context.Context) error {
	if e.cfg.Engine == "" {
		return errors.New("语音播报未配置（[speech] engine 为空）")
	}
	if _, err := exec.LookPath(e.cfg.Engine); err != nil {
		return fmt.Errorf("语音播报不可用：未安装语音引擎 %s（Debian 软件包 espeak-ng）", e.cfg.Engine)
	}
	out, err := exec.CommandContext(ctx, e.cfg.Engine, "--voices="+e.cfg.Voice).Output()
	if err != nil || !bytes.Contains(out, []byte(" "+e.cfg.Voice+" ")) {
		return fmt.Errorf("语音播报不可用：语音引擎没有普通话语音 %s", e.cfg.Voice)
	}
	if e.Play != nil {
		return nil
	}
	if _, err := exec.LookPath(e.cfg.Player); err != nil {
		return fmt.Errorf("语音播报不可用：未安装播放程序 %s（Debian 软件包 alsa-utils）", e.cfg.Player)
	}
	if e.cfg.Player == "aplay" {
		out, err := exec.CommandContext(ctx, "aplay", "-l").CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("card ")) {
			return errors.New("语音播报不可用：本机没有可用的声卡或音箱")
		}
	}
	return nil
}

// Problem returns why the engine cannot speak, for staff, or "".
func (e *Engine) Problem() string { return e.problem.Load().(string) }

// Volume and Speed return the current settings.
func (e *Engine) Volume() int { return int(e.volume.Load()) }
func (e *Engine) Speed() int  { return int(e.speed.Load()) }

// SetVolume and SetSpeed change the settings (staff), clamped to their
// ranges; they apply from the next chunk spoken.
func (e *Engine) SetVolume(v int) { e.volume.Store(int64(max(0, min(v, config.SpeechVolumeMax)))) }
func (e *Engine) SetSpeed(v int) {
	e.speed.Store(int64(max(config.SpeechSpeedMin, min(v, config.SpeechSpeedMax))))
}

// Speak stops whatever is being said and says chunks, one after another,
// in the background. It returns at once; a failure is recorded for
// Problem and logged.
func (e *Engine) Speak(chunks []string) {
	e.Stop()
	if e.Problem() != "" || len(chunks) == 0 {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	e.mu.Lock()
	e.cancel, e.done = cancel, done
	e.mu.Unlock()
	go func() {
		defer close(done)
		first := true
		for _, c := range chunks {
			if strings.TrimSpace(c) == "" {
				continue
			}
			if err := e.say(ctx, c, first); err != nil {
				if ctx.Err() == nil {
					e.problem.Store("语音播报出错，已停止：" + err.Error())
					e.Logf("speech: %v", err)
				}
				return
			}
			first = false
		}
	}()
}

// Stop silences the engine at once and waits until its programs are gone.
func (e *Engine) Stop() {
	e.mu.Lock()
	cancel, done := e.cancel, e.done
	e.cancel, e.done = nil, nil
	e.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// Speaking reports whether the engine is saying something.
func (e *Engine) Speaking() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.done == nil {
		return false
	}
	select {
	case <-e.done:
		return false
	default:
		return true
	}
}

func (e *Engine) args() []string {
	return []string{"-v", e.cfg.Voice, "-s", strconv.Itoa(e.Speed()), "-a", strconv.Itoa(e.Volume()), "--stdin"}
}

// say synthesises text and plays it, returning when it has been played
// (or ctx ends, which kills both programs).
func (e *Engine) say(ctx context.Context, text string, first bool) error {
	cmd := exec.CommandContext(ctx, e.cfg.Engine, append(e.args(), "--stdout")...)
	cmd.Stdin = strings.NewReader(text)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("启动语音引擎失败：%w", err)
	}
	wav := bufio.NewReaderSize(out, 64*1024)
	if first && e.FirstSample != nil {
		if _, err := wav.Peek(wavHeader + 2); err == nil {
			e.FirstSample()
		}
	}
	playErr := e.play(ctx, wav)
	io.Copy(io.Discard, wav) // let the engine finish writing
	waitErr := cmd.Wait()
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case playErr != nil:
		return playErr
	case waitErr != nil:
		return fmt.Errorf("语音引擎出错：%v %s", waitErr, strings.TrimSpace(stderr.String()))
	}
	return nil
}

func (e *Engine) play(ctx context.Context, wav io.Reader) error {
	if e.Play != nil {
		return e.Play(ctx, wav)
	}
	cmd := exec.CommandContext(ctx, e.cfg.Player, "-q", "-")
	cmd.Stdin = wav
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("播放失败（声卡或音箱不可用）：%s", strings.TrimSpace(stderr.String()))
	}
	return nil
}

// Synthesize writes text spoken with the current settings as a WAV file
// at path (tests, and staff checking the voice without speakers).
func (e *Engine) Synthesize(ctx context.Context, text, path string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.cfg.Engine, append(e.args(), "-w", path)...)
	cmd.Stdin = strings.NewReader(text)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("espeak-ng: %v: %s", err, bytes.TrimSpace(out))
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() <= wavHeader {
		return fmt.Errorf("espeak-ng wrote no audio to %s", path)
	}
	return nil
}
