package staffui_test

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestStaffSetVolumeAndSpeed: staff turn 语音播报 up and slow it down
// on the staff screen, and hear a test sentence.
func TestStaffSetVolumeAndSpeed(t *testing.T) {
	e := newEnv(t)
	e.speech.volume, e.speech.speed = 100, 150
	s := e.login()
	test.Tap(s.VolumeUp)
	test.Tap(s.VolumeUp)
	test.Tap(s.SpeedDown)
	if e.speech.volume != 140 || e.speech.speed != 130 {
		t.Errorf("volume %d, speed %d; want 140, 130", e.speech.volume, e.speech.speed)
	}
	test.Tap(s.VolumeDown)
	test.Tap(s.SpeedUp)
	if e.speech.volume != 120 || e.speech.speed != 150 {
		t.Errorf("volume %d, speed %d; want 120, 150", e.speech.volume, e.speech.speed)
	}
	test.Tap(s.Try)
	if len(e.speech.said) == 0 {
		t.Error("试听 said nothing")
	}
}
