package config

import "fmt"

// Speech configures 语音播报, the kiosk reading its screens aloud (issue
// 13). A visitor turns it on with the speaker button; it is off for
// every new visitor. Staff may change volume and speed on the staff
// screen while the kiosk runs.
//
//	[speech]
//	engine = "espeak-ng"      # the speech engine, found on PATH; "" turns 语音播报 off
//	voice = "cmn"             # Mandarin
//	player = "aplay"          # plays the engine's WAV on the default audio device
//	volume = 100              # 0-200 (espeak-ng's amplitude)
//	speed = 150               # words a minute, 80-400
type Speech struct {
	Engine string `toml:"engine"`
	Voice  string `toml:"voice"`
	Player string `toml:"player"`
	Volume int    `toml:"volume"`
	Speed  int    `toml:"speed"`
}

// Limits of the speech settings.
const (
	SpeechVolumeMax = 200
	SpeechSpeedMin  = 80
	SpeechSpeedMax  = 400
)

func defaultSpeech() Speech {
	return Speech{Engine: "espeak-ng", Voice: "cmn", Player: "aplay", Volume: 100, Speed: 150}
}

// Validate reports settings the engine cannot take.
func (s Speech) Validate() error {
	if s.Volume < 0 || s.Volume > SpeechVolumeMax {
		return fmt.Errorf("volume %d is out of range (0-%d)", s.Volume, SpeechVolumeMax)
	}
	if s.Speed < SpeechSpeedMin || s.Speed > SpeechSpeedMax {
		return fmt.Errorf("speed %d is out of range (%d-%d)", s.Speed, SpeechSpeedMin, SpeechSpeedMax)
	}
	return nil
}
