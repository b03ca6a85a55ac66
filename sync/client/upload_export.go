package client

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// ExportQueue writes every record the hub has not acknowledged (queued,
// sending or failed) to a new file in dir, for a USB drive: still sealed
// to the hub and signed by the kiosk, so nothing on the drive is readable
// or changeable. The records stay queued: the hub keeps each id once
// however many ways it arrives. It returns the file's path and how many
// records it holds; with none, no file is written.
func ExportQueue(ctx context.Context, ob *outbox.Outbox, kioskID, dir string, now time.Time) (string, int, error) {
	recs, err := ob.Queued(ctx)
	if err != nil {
		return "", 0, err
	}
	if len(recs) == 0 {
		return "", 0, nil
	}
	b, err := json.Marshal(protocol.ExportFile{Format: protocol.ExportFormat, KioskID: kioskID, Exported: now.UTC(), Records: recs})
	if err != nil {
		return "", 0, err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return "", 0, fmt.Errorf("%s is not a directory (is the USB drive mounted?)", dir)
	}
	name := fmt.Sprintf("gongkai-submissions-%s-%s.json", strings.TrimPrefix(kioskID, "kiosk-"), now.UTC().Format("20060102T150405Z"))
	path := filepath.Join(dir, name)
	if err := writeFileAtomic(path, b); err != nil {
		return "", 0, fmt.Errorf("write %s: %w", path, err)
	}
	return path, len(recs), nil
}
