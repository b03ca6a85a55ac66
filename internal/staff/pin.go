package staff

import (
	"gongkai/internal/password"
)

// PIN length limits (password.MinPINLen and MaxPINLen).
const (
	MinPINLen = password.MinPINLen
	MaxPINLen = password.MaxPINLen
)

// CheckPIN is password.CheckPIN: whether pin may be set as a staff PIN,
// the shared one here or a front-desk member's own in the hub's console.
func CheckPIN(pin string) error { return password.CheckPIN(pin) }

// Params are the Argon2id cost parameters of a PIN hash (see
// internal/password, which the console's passwords share).
type Params = password.Params

// DefaultParams are password.DefaultParams: about 90 ms per verify here and
// under 300 ms on a slow kiosk CPU; with the lockout at the screen they only
// have to make an offline guess of a stolen hash expensive (10^6 six-digit
// PINs × 90 ms ≈ a CPU-day).
var DefaultParams = password.DefaultParams

// hashPIN returns pin's PHC-style Argon2id hash.
func hashPIN(pin string, p Params) (string, error) { return password.Hash(pin, p) }

// matchPIN reports whether pin hashes to the stored hash, and the
// parameters that hash was made with.
func matchPIN(pin, stored string) (bool, Params, error) { return password.Match(pin, stored) }
