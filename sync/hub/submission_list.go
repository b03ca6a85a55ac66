package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/submission"
	"gongkai/sync/protocol"
)

// StaffEntry is one stored submission, decrypted, for staff at the hub.
// It holds personal data: it is for `hub submissions` only, never logs.
type StaffEntry struct {
	Seq          int64                  `json:"seq"` // arrival order at the hub; ListOptions.AfterSeq
	ID           string                 `json:"id"`
	Kind         string                 `json:"kind"`
	KioskID      string                 `json:"kiosk_id"`
	Tracking     string                 `json:"tracking_number,omitempty"`
	Received     time.Time              `json:"received"`
	HubReceived  time.Time              `json:"hub_received"`
	Via          string                 `json:"via"`
	Deadline     calendar.Date          `json:"deadline,omitzero"` // the one in force
	Provisional  bool                   `json:"provisional,omitempty"`
	EventID      string                 `json:"event_id,omitempty"`
	Attendees    int                    `json:"attendees,omitempty"`
	Seat         string                 `json:"seat,omitempty"` // sign-ups: block, waiting, promoted, cancelled
	Ref          string                 `json:"ref,omitempty"`  // cancels: the sign-up
	CancelResult string                 `json:"cancel_result,omitempty"`
	Status       *protocol.StatusReport `json:"status,omitempty"`
	Payload      json.RawMessage        `json:"payload,omitempty"` // the decrypted form content
	Error        string                 `json:"error,omitempty"`   // why it could not be opened
}

// ListOptions narrow List.
type ListOptions struct {
	Tracking string // one tracking number (printed form)
	Kind     string
	AfterSeq int64 // only entries that arrived after this one (StaffEntry.Seq)
}

// List returns stored submissions in arrival order, each decrypted with
// the hub's age identity and checked against its readable fields.
func (s *Submissions) List(ctx context.Context, opt ListOptions) ([]StaffEntry, error) {
	if err := s.refreshCatalogue(ctx); err != nil {
		return nil, err
	}
	var out []StaffEntry
	err := s.store.View(ctx, func(tx SubmissionTx) error {
		out = out[:0] // a store may run fn again
		recs, err := tx.Records(ctx, opt)
		if err != nil {
			return err
		}
		for i := range recs {
			r := &recs[i]
			e := StaffEntry{Seq: r.Seq, ID: r.ID, Kind: r.Kind, KioskID: r.KioskID, Tracking: r.Tracking, Received: r.Received,
				HubReceived: r.HubReceived, Via: r.Via, EventID: r.EventID, Attendees: r.Attendees, Seat: r.Seat, Ref: r.Ref,
				CancelResult: r.CancelResult}
			if r.Tracking != "" {
				t, ok, err := tx.Tracked(ctx, r.Tracking)
				if err != nil {
					return err
				}
				if ok {
					e.Deadline, e.Provisional = s.deadline(t)
					if t.Status.State != "" {
						st := t.Status
						e.Status = &st
					}
				}
			}
			if sub, err := submission.Open(&r.SealedRecord, s.hub.Keys.Age); err != nil {
				e.Error = err.Error()
			} else {
				e.Payload = sub.Payload
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// ImportSummary says what an import of an export file did.
type ImportSummary struct {
	Records   int      // in the file
	New       int      // stored now
	Known     int      // already at the hub (e.g. also sent over the network)
	Conflicts int      // the hub holds different content under the id or number
	Rejected  int      // bad signature, unknown kiosk, malformed
	Revoked   int      // made by a kiosk after the hub revoked it
	Waiting   int      // the kiosk's device key is not registered yet: import again later
	Problems  []string // one line per record not taken, for staff
}

// Import takes in a USB export. Records the hub already holds (sent over
// the network too, or imported before) are acknowledged, not duplicated.
func (s *Submissions) Import(ctx context.Context, r io.Reader) (ImportSummary, error) {
	var f protocol.ExportFile
	var sum ImportSummary
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return sum, fmt.Errorf("not a submissions export file: %w", err)
	}
	if f.Format != protocol.ExportFormat {
		return sum, fmt.Errorf("unknown export format %q (this hub reads %s)", f.Format, protocol.ExportFormat)
	}
	sum.Records = len(f.Records)
	for start := 0; start < len(f.Records); start += 200 {
		batch := f.Records[start:min(start+200, len(f.Records))]
		acks, how, err := s.receive(ctx, nil, batch, ViaUSB)
		if err != nil {
			return sum, err
		}
		for i, a := range acks {
			switch a.Result {
			case protocol.AckOK:
				if how[i] == receivedNew {
					sum.New++
				} else {
					sum.Known++
				}
				continue
			case protocol.AckConflict:
				sum.Conflicts++
			case protocol.AckRetry:
				sum.Waiting++
			case protocol.AckRejected:
				if how[i] == receivedRevoked {
					sum.Revoked++
				} else {
					sum.Rejected++
				}
			default:
				sum.Rejected++
			}
			sum.Problems = append(sum.Problems, fmt.Sprintf("%s %s: %s", batch[i].ID, batch[i].Tracking, a.Error))
		}
	}
	return sum, nil
}

// Count returns how many records the hub holds, for tests and staff.
func (s *Submissions) Count(ctx context.Context) (int, error) {
	var n int
	err := s.store.View(ctx, func(tx SubmissionTx) error {
		var err error
		n, err = tx.CountRecords(ctx)
		return err
	})
	return n, err
}
