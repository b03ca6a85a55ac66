package staff

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"gongkai/internal/domain"
)

// PIN length limits. Six digits is the floor because the lockout, not the
// PIN's length, is what stops guessing at the screen; twelve keeps the pad
// usable.
const (
	MinPINLen = 6
	MaxPINLen = 12
)

// CheckPIN reports whether pin may be set as the staff PIN: 6–12 ASCII
// digits, not one digit repeated and not a run such as 123456 or 654321
// (wrapping past 9 counts as a run, so 789012 is refused too). Errors are
// *domain.Error (invalid) with a Chinese message saying what to change.
func CheckPIN(pin string) error {
	for i := 0; i < len(pin); i++ {
		if pin[i] < '0' || pin[i] > '9' {
			return domain.Errorf(domain.EINVALID, "密码只能由数字 0–9 组成，请重新输入")
		}
	}
	if n := len(pin); n < MinPINLen || n > MaxPINLen {
		return domain.Errorf(domain.EINVALID, "密码须为 %d 到 %d 位数字，现在是 %d 位", MinPINLen, MaxPINLen, n)
	}
	if strings.Count(pin, pin[:1]) == len(pin) {
		return domain.Errorf(domain.EINVALID, "密码不能全部是同一个数字，请换一个不易猜到的密码")
	}
	if isRun(pin, 1) || isRun(pin, 9) {
		return domain.Errorf(domain.EINVALID, "密码不能是连续的数字（如 123456、654321），请换一个不易猜到的密码")
	}
	return nil
}

// isRun reports whether each digit of s is the previous plus step, mod 10.
func isRun(s string, step byte) bool {
	for i := 1; i < len(s); i++ {
		if (s[i-1]-'0'+step)%10 != s[i]-'0' {
			return false
		}
	}
	return true
}

// Params are the Argon2id cost parameters of a PIN hash. They are written
// into every hash, so raising them later leaves old hashes verifiable (and
// Verify rehashes them with the new parameters on the next correct PIN).
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultParams cost about 90 ms per verify on the development machine
// (2-core EPYC, idle) and stay under 300 ms on a slow kiosk CPU; with the
// lockout at the screen they only have to make an offline guess of a stolen
// hash expensive (10^6 six-digit PINs × 90 ms ≈ a CPU-day).
var DefaultParams = Params{Memory: 64 * 1024, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
)

// hashPIN returns pin's PHC-style Argon2id hash:
// $argon2id$v=19$m=65536,t=2,p=1$<salt>$<key>, both base64 without padding.
func hashPIN(pin string, p Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("pin salt: %w", err)
	}
	key := argon2.IDKey([]byte(pin), salt, p.Time, p.Memory, p.Threads, keyLen)
	return encodeHash(p, salt, key), nil
}

func encodeHash(p Params, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decodeHash parses a hash from encodeHash. It refuses parameters outside
// sane bounds so an edited database cannot make one verify take minutes or
// gigabytes.
func decodeHash(s string) (p Params, salt, key []byte, err error) {
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" || f[1] != "argon2id" || f[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("pin hash: not an argon2id v=%d hash", argon2.Version)
	}
	var m, t, th uint64
	for _, kv := range strings.Split(f[3], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, perr := strconv.ParseUint(v, 10, 32)
		if perr != nil {
			return p, nil, nil, fmt.Errorf("pin hash: parameter %q", kv)
		}
		switch k {
		case "m":
			m = n
		case "t":
			t = n
		case "p":
			th = n
		default:
			return p, nil, nil, fmt.Errorf("pin hash: parameter %q", kv)
		}
	}
	if m < 8*1024 || m > 1024*1024 || t < 1 || t > 10 || th < 1 || th > 16 {
		return p, nil, nil, fmt.Errorf("pin hash: parameters m=%d,t=%d,p=%d out of range", m, t, th)
	}
	p = Params{Memory: uint32(m), Time: uint32(t), Threads: uint8(th)}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(f[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, fmt.Errorf("pin hash: bad salt")
	}
	if key, err = b64.DecodeString(f[5]); err != nil || len(key) < 16 {
		return p, nil, nil, fmt.Errorf("pin hash: bad key")
	}
	return p, salt, key, nil
}

// matchPIN reports, comparing in constant time, whether pin hashes to the
// stored hash, and the parameters that hash was made with.
func matchPIN(pin, stored string) (bool, Params, error) {
	p, salt, key, err := decodeHash(stored)
	if err != nil {
		return false, p, err
	}
	got := argon2.IDKey([]byte(pin), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, p, nil
}
