package hub

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"gongkai/sync/protocol"
)

// TestWriteFailure: a database that cannot be reached for a moment (a
// PostgreSQL restart) is a 503 with Retry-After, anything else a 500;
// neither body carries the error's text.
func TestWriteFailure(t *testing.T) {
	for _, c := range []struct {
		err    error
		status int
		code   string
	}{
		{fmt.Errorf("read head: %w", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}), http.StatusServiceUnavailable, protocol.CodeUnavailable},
		{&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, http.StatusServiceUnavailable, protocol.CodeUnavailable},
		{errors.New("disk I/O error at /var/lib/x"), http.StatusInternalServerError, protocol.CodeInternal},
	} {
		rec := httptest.NewRecorder()
		writeFailure(rec, c.err, "the hub could not read its catalogue")
		var body protocol.ErrorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%v: body %q is not an error body", c.err, rec.Body)
		}
		if rec.Code != c.status || body.Code != c.code {
			t.Errorf("%v: %d %s, want %d %s", c.err, rec.Code, body.Code, c.status, c.code)
		}
		if ra := rec.Header().Get("Retry-After"); (c.status == http.StatusServiceUnavailable) != (ra != "") {
			t.Errorf("%v: Retry-After %q with status %d", c.err, ra, rec.Code)
		}
		if strings.Contains(body.Message, c.err.Error()) || strings.Contains(body.Message, "SQLSTATE") || strings.Contains(body.Message, "/var") {
			t.Errorf("%v: the body carries the error: %q", c.err, body.Message)
		}
	}
}
