package hub

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"gongkai/sync/protocol"
)

// Key files in the hub's data directory. Both are private (mode 0600).
const (
	SignKeyFile = "sign.key" // Ed25519, PKCS #8 PEM: signs every page and bundle
	AgeKeyFile  = "age.key"  // age X25519 identity: opens sealed submissions
)

// Keys are the hub's private keys.
type Keys struct {
	Sign ed25519.PrivateKey
	Age  *age.X25519Identity
}

// SignPublic returns the public signing key kiosks pin.
func (k *Keys) SignPublic() ed25519.PublicKey { return k.Sign.Public().(ed25519.PublicKey) }

// KeyID returns the signing key's id (protocol.Fingerprint).
func (k *Keys) KeyID() string { return protocol.Fingerprint(k.SignPublic()) }

// AgeRecipient returns the "age1…" recipient kiosks seal submissions to.
func (k *Keys) AgeRecipient() string { return k.Age.Recipient().String() }

// createKeys makes both keys in dir, refusing to overwrite either.
func createKeys(dir string) (*Keys, error) {
	_, sign, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	pemb, err := protocol.MarshalPrivateKey(sign)
	if err != nil {
		return nil, err
	}
	if err := writeNew(filepath.Join(dir, SignKeyFile), pemb); err != nil {
		return nil, err
	}
	if err := writeNew(filepath.Join(dir, AgeKeyFile), []byte(id.String()+"\n")); err != nil {
		return nil, err
	}
	return &Keys{Sign: sign, Age: id}, nil
}

// writeNew creates path with mode 0600; it fails if path exists.
func writeNew(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// loadKeys reads both keys from dir. A key file others can read is refused:
// whoever reads sign.key can sign a catalogue every kiosk accepts.
func loadKeys(dir string) (*Keys, error) {
	read := func(name string) ([]byte, error) {
		path := filepath.Join(dir, name)
		st, err := os.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s is missing: run `hub init --data %s` first", path, dir)
		} else if err != nil {
			return nil, err
		}
		if st.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("%s is readable by others (mode %o): run chmod 600 %s", path, st.Mode().Perm(), path)
		}
		return os.ReadFile(path)
	}
	b, err := read(SignKeyFile)
	if err != nil {
		return nil, err
	}
	sign, err := protocol.ParsePrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", SignKeyFile, err)
	}
	if b, err = read(AgeKeyFile); err != nil {
		return nil, err
	}
	id, err := age.ParseX25519Identity(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", AgeKeyFile, err)
	}
	return &Keys{Sign: sign, Age: id}, nil
}
