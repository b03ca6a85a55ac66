package staffui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/config"
	"gongkai/internal/ui"
)

// Speech is 语音播报's engine as staff adjust it (internal/speech's
// Engine): volume and speed for this kiosk's hall, and a test sentence.
type Speech interface {
	ui.Speaker
	Volume() int
	Speed() int
	SetVolume(int)
	SetSpeed(int)
}

// Steps of the staff screen's volume and speed buttons.
const (
	volumeStep = 20
	speedStep  = 20
)

// speechCard shows 语音播报's state with buttons for volume and speed and
// a 试听 that speaks a sentence at the new settings. The settings last
// until the kiosk restarts; [speech] in the configuration sets them for
// good.
func (s *Screen) speechCard() fyne.CanvasObject {
	sp := s.m.deps.Speech
	if sp == nil {
		return card("语音播报", wrapped("本机未配置语音播报（[speech] engine）。", theme.SizeNameText, ui.ColorNameMuted))
	}
	var f facts
	state, volume, speed := f.add("状态"), f.add("音量"), f.add("语速")
	show := func() {
		if p := sp.Problem(); p != "" {
			setText(state, p, theme.ColorNameError)
		} else {
			setText(state, "可用（访客点页面顶部“语音播报”开启）", theme.ColorNameSuccess)
		}
		setText(volume, fmt.Sprintf("%d（0–%d）", sp.Volume(), config.SpeechVolumeMax), theme.ColorNameForeground)
		setText(speed, fmt.Sprintf("每分钟 %d 字（%d–%d）", sp.Speed(), config.SpeechSpeedMin, config.SpeechSpeedMax), theme.ColorNameForeground)
	}
	step := func(get func() int, set func(int), d int) func() {
		return s.m.handle(func() {
			set(get() + d)
			show()
		})
	}
	s.VolumeDown = bigButton("音量−", theme.VolumeDownIcon(), widget.MediumImportance, step(sp.Volume, sp.SetVolume, -volumeStep))
	s.VolumeUp = bigButton("音量＋", theme.VolumeUpIcon(), widget.MediumImportance, step(sp.Volume, sp.SetVolume, volumeStep))
	s.SpeedDown = bigButton("语速−", theme.MoveDownIcon(), widget.MediumImportance, step(sp.Speed, sp.SetSpeed, -speedStep))
	s.SpeedUp = bigButton("语速＋", theme.MoveUpIcon(), widget.MediumImportance, step(sp.Speed, sp.SetSpeed, speedStep))
	s.Try = bigButton("试听", theme.MediaPlayIcon(), widget.MediumImportance, s.m.handle(func() {
		sp.Speak([]string{"欢迎使用政务公开自助终端。受理编号：" + ui.SpellDigits("2026-1116") + "。"})
	}))
	show()
	return card("语音播报", f.table(),
		container.NewGridWithColumns(2, tall(s.VolumeDown), tall(s.VolumeUp)),
		container.NewGridWithColumns(2, tall(s.SpeedDown), tall(s.SpeedUp)), tall(s.Try))
}
