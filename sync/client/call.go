package client

import (
	"context"
	"net/http"
	"time"

	"gongkai/sync/protocol"
)

// CallTimeout bounds passing a visitor's call to the hub: a call is only
// useful now, so a hub that does not answer by then is not waited for
// (the kiosk's staff banner has the call anyway).
const CallTimeout = 5 * time.Second

// CallStaff passes a visitor's 呼叫工作人员 on screen (the screen and
// step, nothing about the visitor) to the hub at once (POST /v1/calls).
// It is not queued: an error (ErrNotEnrolled for a kiosk without a hub
// over the network, ErrUnreachable, ...) means the hub does not have it.
func (u *Uplink) CallStaff(ctx context.Context, screen string, at time.Time) error {
	call := protocol.StaffCall{Screen: screen, At: at.UTC()}
	if err := call.Check(); err != nil {
		return err
	}
	h, cred, err := u.credential(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, CallTimeout)
	defer cancel()
	resp, err := u.post(ctx, h, cred, "POST", "/v1/calls", call)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNoContent, http.StatusOK:
		return nil
	case http.StatusUnauthorized:
		return authError(resp)
	}
	return statusError(resp)
}
