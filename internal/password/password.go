// Package password hashes secrets people type (the kiosk's staff PINs, the
// console's account passwords) with Argon2id into self-describing PHC
// strings, and checks them in constant time. The parameters travel inside
// every hash, so raising them later leaves old hashes verifiable, and a
// front-desk member's PIN hashed in the console verifies on the kiosks.
// CheckPIN is the one rule for what a staff PIN may be.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the Argon2id cost parameters of a hash.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultParams cost about 90 ms per check on the development machine
// (2-core EPYC, idle) and stay under 300 ms on a slow kiosk CPU; with a
// lockout in front of every login they only have to make an offline guess
// of a stolen hash expensive.
var DefaultParams = Params{Memory: 64 * 1024, Time: 2, Threads: 1}

// FastParams are the cheapest parameters Match accepts, for tests that
// hash many secrets.
var FastParams = Params{Memory: 8 * 1024, Time: 1, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
)

// Hash returns secret's PHC-style Argon2id hash:
// $argon2id$v=19$m=65536,t=2,p=1$<salt>$<key>, both base64 without padding.
func Hash(secret string, p Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := argon2.IDKey([]byte(secret), salt, p.Time, p.Memory, p.Threads, keyLen)
	return encode(p, salt, key), nil
}

func encode(p Params, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decode parses a hash from Hash. It refuses parameters outside sane
// bounds so an edited database cannot make one check take minutes or
// gigabytes.
func decode(s string) (p Params, salt, key []byte, err error) {
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" || f[1] != "argon2id" || f[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("password hash: not an argon2id v=%d hash", argon2.Version)
	}
	var m, t, th uint64
	for _, kv := range strings.Split(f[3], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, perr := strconv.ParseUint(v, 10, 32)
		if perr != nil {
			return p, nil, nil, fmt.Errorf("password hash: parameter %q", kv)
		}
		switch k {
		case "m":
			m = n
		case "t":
			t = n
		case "p":
			th = n
		default:
			return p, nil, nil, fmt.Errorf("password hash: parameter %q", kv)
		}
	}
	if m < 8*1024 || m > 1024*1024 || t < 1 || t > 10 || th < 1 || th > 16 {
		return p, nil, nil, fmt.Errorf("password hash: parameters m=%d,t=%d,p=%d out of range", m, t, th)
	}
	p = Params{Memory: uint32(m), Time: uint32(t), Threads: uint8(th)}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(f[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, fmt.Errorf("password hash: bad salt")
	}
	if key, err = b64.DecodeString(f[5]); err != nil || len(key) < 16 {
		return p, nil, nil, fmt.Errorf("password hash: bad key")
	}
	return p, salt, key, nil
}

// Match reports, comparing in constant time, whether secret hashes to
// stored, and the parameters stored was made with (so a caller can rehash
// with newer ones after a correct secret).
func Match(secret, stored string) (bool, Params, error) {
	p, salt, key, err := decode(stored)
	if err != nil {
		return false, p, err
	}
	got := argon2.IDKey([]byte(secret), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, p, nil
}
