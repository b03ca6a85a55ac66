package datadir

import (
	"errors"
	"fmt"
	"syscall"
)

// Free returns the bytes left on dir's file system for an unprivileged
// process: what the staff screen and `kiosk health` show for the data
// directory.
func Free(dir string) (uint64, error) {
	if dir == "" {
		return 0, errors.New("no data directory")
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", dir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}
