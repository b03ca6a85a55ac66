package protocol

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// StaffCall is a visitor's 呼叫工作人员 at a kiosk, passed to the hub at
// once (POST /v1/calls) so that staff away from the hall see it on the
// console's 终端 page. A call is only useful now: a kiosk that cannot reach
// the hub does not queue it (its own staff banner shows it) and tells the
// visitor that only the staff on site were told. It holds nothing about
// the visitor: where they are (the screen and the form step, such as
// 依申请公开·申请人信息) and when. The kiosk comes from the credential.
type StaffCall struct {
	Screen string    `json:"screen"`
	At     time.Time `json:"at"` // the kiosk's clock when the visitor called
}

// MaxCallScreen is the longest screen name of a call, in characters.
const MaxCallScreen = 64

// longNumber is a run of digits as long as a phone number's core: a
// screen name never has one, an ID or phone number typed by mistake into
// one would.
var longNumber = regexp.MustCompile(`[0-9]{7,}`)

// Check refuses a call without a screen, with one too long, with control
// or format characters, or with anything that looks like personal data
// (a long number or an e-mail address).
func (c StaffCall) Check() error {
	s := c.Screen
	switch {
	case strings.TrimSpace(s) == "" || utf8.RuneCountInString(s) > MaxCallScreen || badText(s):
		return fmt.Errorf("%w: staff call: bad screen", ErrMalformed)
	case longNumber.MatchString(s) || strings.Contains(s, "@"):
		return fmt.Errorf("%w: staff call: the screen holds a number or address", ErrMalformed)
	case c.At.IsZero():
		return fmt.Errorf("%w: staff call: no time", ErrMalformed)
	}
	return nil
}
