package hub

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/submission"
)

// StaffEntry is one stored submission, decrypted, for staff at the hub.
// It holds personal data: it is for `hub submissions` only, never logs.
type StaffEntry struct {
	Seq          int64           `json:"seq"` // arrival order at the hub; ListOptions.AfterSeq
	ID           string          `json:"id"`
	Kind         string          `json:"kind"`
	KioskID      string          `json:"kiosk_id"`
	Tracking     string          `json:"tracking_number,omitempty"`
	Received     time.Time       `json:"received"`
	HubReceived  time.Time       `json:"hub_received"`
	Via          string          `json:"via"`
	Deadline     calendar.Date   `json:"deadline,omitzero"` // the one in force
	Provisional  bool            `json:"provisional,omitempty"`
	EventID      string          `json:"event_id,omitempty"`
	Attendees    int             `json:"attendees,omitempty"`
	Seat         string          `json:"seat,omitempty"` // sign-ups: block, waiting, promoted, cancelled
	Ref          string          `json:"ref,omitempty"`  // cancels: the sign-up
	CancelResult string          `json:"cancel_result,omitempty"`
	Status       *Status         `json:"status,omitempty"`
	Payload      json.RawMessage `json:"payload,omitempty"` // the decrypted form content
	Error        string          `json:"error,omitempty"`   // why it could not be opened
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
	q := `SELECT r.n, r.id, r.kind, r.kiosk_id, COALESCE(r.tracking, ''), r.verify_hash, r.received, r.hub_received, r.via,
		r.deadline, r.provisional, r.event_id, r.attendees, r.seat_state, r.ref, r.sealed, r.sig,
		COALESCE(g.seat, ''), COALESCE(c.result, '')
		FROM records r LEFT JOIN signups g ON g.tracking = r.tracking LEFT JOIN cancels c ON c.id = r.id WHERE 1`
	var args []any
	if opt.Tracking != "" {
		q += ` AND r.tracking = ?`
		args = append(args, opt.Tracking)
	}
	if opt.Kind != "" {
		q += ` AND r.kind = ?`
		args = append(args, opt.Kind)
	}
	if opt.AfterSeq > 0 {
		q += ` AND r.n > ?`
		args = append(args, opt.AfterSeq)
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY r.n`, args...)
	if err != nil {
		return nil, fmt.Errorf("list submissions: %w", err)
	}
	var out []StaffEntry
	var recs []submission.SealedRecord
	for rows.Next() {
		var e StaffEntry
		var r submission.SealedRecord
		var received, hubReceived, deadline string
		if err := rows.Scan(&e.Seq, &r.ID, &r.Kind, &r.KioskID, &r.Tracking, &r.VerifyHash, &received, &hubReceived, &e.Via,
			&deadline, &r.Provisional, &r.EventID, &r.Attendees, &r.SeatState, &r.Ref, &r.Sealed, &r.Sig,
			&e.Seat, &e.CancelResult); err != nil {
			rows.Close()
			return nil, err
		}
		r.Received, _ = time.Parse(time.RFC3339Nano, received)
		e.HubReceived, _ = time.Parse(time.RFC3339Nano, hubReceived)
		if deadline != "" {
			r.Deadline, _ = calendar.Parse(deadline)
		}
		out = append(out, e)
		recs = append(recs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		r, e := &recs[i], &out[i]
		e.ID, e.Kind, e.KioskID, e.Tracking, e.Received = r.ID, r.Kind, r.KioskID, r.Tracking, r.Received
		e.EventID, e.Attendees, e.Ref = r.EventID, r.Attendees, r.Ref
		if r.Tracking != "" {
			t, ok, err := findTracked(ctx, s.r, r.Tracking)
			if err != nil {
				return nil, err
			}
			if ok {
				e.Deadline, e.Provisional = s.deadline(t)
				if t.Status.State != "" {
					st := t.Status
					e.Status = &st
				}
			}
		}
		sub, err := submission.Open(r, s.hub.Keys.Age)
		if err != nil {
			e.Error = err.Error()
			continue
		}
		e.Payload = sub.Payload
	}
	return out, nil
}

// ExportFormat names the file format of `kiosk export-queue`.
const ExportFormat = "gongkai-submissions/1"

// ExportFile is a kiosk's queue written for a USB drive: its records still
// sealed and each signed by the kiosk, so the file itself needs no
// protection beyond them.
type ExportFile struct {
	Format   string                    `json:"format"`
	KioskID  string                    `json:"kiosk_id"`
	Exported time.Time                 `json:"exported"`
	Records  []submission.SealedRecord `json:"records"`
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
	var f ExportFile
	var sum ImportSummary
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return sum, fmt.Errorf("not a submissions export file: %w", err)
	}
	if f.Format != ExportFormat {
		return sum, fmt.Errorf("unknown export format %q (this hub reads %s)", f.Format, ExportFormat)
	}
	sum.Records = len(f.Records)
	for start := 0; start < len(f.Records); start += 200 {
		batch := f.Records[start:min(start+200, len(f.Records))]
		var before, after int
		if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM records`).Scan(&before); err != nil {
			return sum, err
		}
		acks, err := s.Receive(ctx, nil, batch, ViaUSB)
		if err != nil {
			return sum, err
		}
		if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM records`).Scan(&after); err != nil {
			return sum, err
		}
		ok := 0
		for i, a := range acks {
			switch a.Result {
			case AckOK:
				ok++
				continue
			case AckConflict:
				sum.Conflicts++
			case AckRetry:
				sum.Waiting++
			case AckRejected:
				if a.revoked {
					sum.Revoked++
				} else {
					sum.Rejected++
				}
			default:
				sum.Rejected++
			}
			sum.Problems = append(sum.Problems, fmt.Sprintf("%s %s: %s", batch[i].ID, batch[i].Tracking, a.Error))
		}
		sum.New += after - before
		sum.Known += ok - (after - before)
	}
	return sum, nil
}

// Count returns how many records the hub holds, for tests and staff.
func (s *Submissions) Count(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM records`).Scan(&n)
	if err != nil && err != sql.ErrNoRows {
		return 0, err
	}
	return n, nil
}
