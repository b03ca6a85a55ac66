package staff

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongkai/internal/domain"
)

func TestCheckPIN(t *testing.T) {
	for _, tc := range []struct {
		pin  string
		want string // substring of the message; "" for accepted
	}{
		{"246810", ""},
		{"135792", ""},
		{"123457", ""},
		{"112233", ""},
		{"102938475610", ""},
		{"098765432109", "连续的数字"},
		{"", "6 到 12 位"},
		{"12345", "6 到 12 位"},
		{"1234567890123", "6 到 12 位"},
		{"12a456", "只能由数字"},
		{"２４６８１０", "只能由数字"},
		{"24681 ", "只能由数字"},
		{"000000", "同一个数字"},
		{"999999999999", "同一个数字"},
		{"123456", "连续的数字"},
		{"654321", "连续的数字"},
		{"345678901", "连续的数字"},
		{"210987", "连续的数字"},
		{"0123456789", "连续的数字"},
	} {
		err := CheckPIN(tc.pin)
		if tc.want == "" {
			if err != nil {
				t.Errorf("CheckPIN(%q) = %v, want accepted", tc.pin, err)
			}
			continue
		}
		if got := domain.ErrorCode(err); got != domain.EINVALID {
			t.Errorf("CheckPIN(%q) code = %q, want %q", tc.pin, got, domain.EINVALID)
		}
		if msg := domain.ErrorMessage(err); !strings.Contains(msg, tc.want) {
			t.Errorf("CheckPIN(%q) message = %q, want it to mention %q", tc.pin, msg, tc.want)
		}
	}
}

func TestSetPINRejectsWeakPIN(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	if err := f.s.SetPIN(ctx, "123456"); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("SetPIN(123456) = %v, want invalid", err)
	}
	if st, err := f.s.Status(ctx); err != nil || st.PINSet {
		t.Fatalf("Status after refused PIN = %+v, %v; want no PIN", st, err)
	}
}

// TestStoredHash holds the stored form to a PHC argon2id string with the
// production parameters, salted, and free of the PIN.
func TestStoredHash(t *testing.T) {
	f := newFixture(t, DefaultParams)
	ctx := context.Background()
	const pin = "246810"
	if err := f.s.SetPIN(ctx, pin); err != nil {
		t.Fatal(err)
	}
	h1, err := sqlMeta{f.db}.Meta(ctx, metaPINHash)
	if err != nil {
		t.Fatal(err)
	}
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=65536,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(h1) {
		t.Errorf("stored hash %q is not a PHC argon2id string with the default parameters", h1)
	}
	if strings.Contains(h1, pin) {
		t.Errorf("stored hash %q contains the PIN", h1)
	}
	// Nothing else in the database holds the PIN either.
	var n int
	if err := f.db.QueryRow(`SELECT
		(SELECT count(*) FROM test_meta WHERE instr(value, ?) > 0) +
		(SELECT count(*) FROM staff_audit WHERE instr(detail, ?) > 0)`, pin, pin).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d rows hold the PIN in plain text", n)
	}
	if err := f.s.SetPIN(ctx, pin); err != nil {
		t.Fatal(err)
	}
	h2, _ := sqlMeta{f.db}.Meta(ctx, metaPINHash)
	if h1 == h2 {
		t.Error("setting the same PIN twice gave the same hash: the salt is not random")
	}
	if ok, err := f.s.Verify(ctx, pin); !ok || err != nil {
		t.Errorf("Verify(right PIN) = %v, %v", ok, err)
	}
}

// TestRehashOnVerify: a hash made with older parameters is replaced with
// one at the current parameters once the right PIN is typed.
func TestRehashOnVerify(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	if err := f.s.SetPIN(ctx, "246810"); err != nil {
		t.Fatal(err)
	}
	f.open(t, Params{Memory: 16 * 1024, Time: 1, Threads: 1})
	if ok, err := f.s.Verify(ctx, "246810"); !ok || err != nil {
		t.Fatalf("Verify = %v, %v", ok, err)
	}
	h, _ := sqlMeta{f.db}.Meta(ctx, metaPINHash)
	if !strings.Contains(h, "$m=16384,t=1,p=1$") {
		t.Errorf("hash after verify = %q, want the new parameters", h)
	}
	if ok, err := f.s.Verify(ctx, "246810"); !ok || err != nil {
		t.Errorf("Verify after rehash = %v, %v", ok, err)
	}
}

func TestLockedMessage(t *testing.T) {
	for _, tc := range []struct {
		left time.Duration
		want string
	}{
		{5 * time.Minute, "请 5 分钟后再试"},
		{4*time.Minute + 30*time.Second, "请 4 分 30 秒后再试"},
		{4*time.Minute + 29*time.Second + time.Millisecond, "请 4 分 30 秒后再试"},
		{59 * time.Second, "请 59 秒后再试"},
		{time.Millisecond, "请 1 秒后再试"},
	} {
		err := lockedError(tc.left)
		if got := domain.ErrorMessage(err); got != "密码错误次数过多，"+tc.want {
			t.Errorf("lockedError(%s) = %q, want …%q", tc.left, got, tc.want)
		}
		if domain.ErrorCode(err) != domain.EAUTH {
			t.Errorf("lockedError code = %q", domain.ErrorCode(err))
		}
	}
}
