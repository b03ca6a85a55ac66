// Package usb finds what staff bring on USB drives, by the kiosk's
// [sync] usb_glob pattern (e.g. /media/*/gongkai-*.bundle): the catalogue
// bundles on them, for the background worker and 导入U盘目录, and the
// drives themselves (the folders the pattern's directory part matches),
// for 导出队列到U盘 and `kiosk export-queue`. Mistakes in the pattern are
// *domain.Error values with Chinese messages for staff.
package usb

import (
	"os"
	"path/filepath"
	"time"

	"gongkai/internal/domain"
)

// File is a bundle file found on a drive.
type File struct {
	Path     string
	Size     int64
	Modified time.Time
}

// Bundles returns the regular files glob matches, in path order.
func Bundles(glob string) ([]File, error) {
	if glob == "" {
		return nil, domain.Errorf(domain.EINVALID, "配置文件未设置U盘目录包位置（[sync] usb_glob）")
	}
	paths, err := filepath.Glob(glob)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "配置的U盘目录包位置有误（[sync] usb_glob）")
	}
	var out []File
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		out = append(out, File{Path: p, Size: st.Size(), Modified: st.ModTime()})
	}
	return out, nil
}

// Drives returns the folders glob's directory part matches: where USB
// drives are mounted.
func Drives(glob string) ([]string, error) {
	if glob == "" {
		return nil, domain.Errorf(domain.EINVALID, "配置文件未设置U盘位置（[sync] usb_glob）")
	}
	paths, err := filepath.Glob(filepath.Dir(glob))
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "配置的U盘位置有误（[sync] usb_glob）")
	}
	var out []string
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			out = append(out, p)
		}
	}
	return out, nil
}
