package protocol

import (
	"errors"
	"testing"
	"time"
)

func TestVerifyFeed(t *testing.T) {
	pub, priv := mustKey(t)
	otherPub, otherPriv := mustKey(t)
	feed := func(mod func(*Feed)) *Feed {
		f := &Feed{Protocol: Version, KeyID: Fingerprint(pub), KioskID: "kiosk-1", From: 4, To: 6,
			Items: []FeedItem{{Seq: 5, Tracking: "0001-261125-0001-3", State: StatusAccepted, Updated: time.Unix(1e9, 0).UTC()},
				{Seq: 6, EventID: "kfr", Seats: 5}}}
		if mod != nil {
			mod(f)
		}
		return f
	}
	sign := func(key []byte, f *Feed) SignedPayload {
		sp, err := SignFeed(key, f)
		if err != nil {
			t.Fatal(err)
		}
		return sp
	}
	good := sign(priv, feed(nil))
	got, err := VerifyFeed(pub, good.Payload, good.Signature, "kiosk-1", 4)
	if err != nil {
		t.Fatal(err)
	}
	if got.To != 6 || !got.Items[1].Grant() || got.Items[0].Grant() || got.Items[0].Report().State != StatusAccepted {
		t.Errorf("feed = %+v", got)
	}
	tampered := append([]byte(nil), good.Payload...)
	tampered[len(tampered)/2] ^= 1
	tests := []struct {
		name  string
		pub   []byte
		sp    SignedPayload
		kiosk string
		since int64
		want  error
	}{
		{"one byte changed", pub, SignedPayload{tampered, good.Signature}, "kiosk-1", 4, ErrBadSignature},
		{"another hub's key", otherPub, good, "kiosk-1", 4, ErrBadSignature},
		{"signed by another key naming ours", pub, sign(otherPriv, feed(nil)), "kiosk-1", 4, ErrBadSignature},
		{"naming another key", pub, sign(priv, feed(func(f *Feed) { f.KeyID = Fingerprint(otherPub) })), "kiosk-1", 4, ErrWrongKey},
		{"another version", pub, sign(priv, feed(func(f *Feed) { f.Protocol = "gongkai-sync/2" })), "kiosk-1", 4, ErrUnknownVersion},
		{"another kiosk's feed", pub, good, "kiosk-2", 4, ErrMalformed},
		{"from another cursor", pub, good, "kiosk-1", 3, ErrMalformed},
		{"ending before it starts", pub, sign(priv, feed(func(f *Feed) { f.To = 3 })), "kiosk-1", 4, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := VerifyFeed(tt.pub, tt.sp.Payload, tt.sp.Signature, tt.kiosk, tt.since); !errors.Is(err, tt.want) {
				t.Errorf("VerifyFeed = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestKindLabels(t *testing.T) {
	tests := []struct{ kind, title, name string }{
		{KindApplication, "政府信息公开申请", "依申请公开申请"},
		{KindFeedback, "意见建议", "意见建议"},
		{KindSignup, "活动报名", "活动报名"},
		{KindCancel, "取消报名", "取消报名"},
		{"survey", "提交事项", "survey"},
	}
	for _, tt := range tests {
		if got := KindTitle(tt.kind); got != tt.title {
			t.Errorf("KindTitle(%q) = %q, want %q", tt.kind, got, tt.title)
		}
		if got := KindName(tt.kind); got != tt.name {
			t.Errorf("KindName(%q) = %q, want %q", tt.kind, got, tt.name)
		}
	}
	if SeatLabel(SeatConfirmed) != StatusConfirmed || SeatLabel(SeatWaitlist) != StatusWaitlist || SeatLabel("") != "已登记，待确认" {
		t.Error("SeatLabel does not word the seat states as the hub's statuses")
	}
}
