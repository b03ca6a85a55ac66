package hub

import (
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai/sync/protocol"
)

// Enrolment codes are 60 random bits and expire in a day; on top of that a
// client address that sends enrolFailLimit wrong codes in a row waits
// enrolFailWindow. The counts are the hub's Limits, shared by every hub
// process.
const (
	enrolFailLimit  = 10
	enrolFailWindow = 10 * time.Minute
)

func (s *Server) handleEnroll(w http.ResponseWriter, r *http.Request) {
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	now := s.hub.Now()
	blocked, err := s.hub.Limits.Locked(r.Context(), enrolKey(ip), enrolFailWindow, now)
	if err != nil {
		s.hub.Log.Error("enroll", "err", err)
		writeFailure(w, err, "the hub could not enrol the kiosk")
		return
	}
	if blocked > 0 {
		writeError(w, http.StatusTooManyRequests, protocol.CodeEnroll, "too many wrong enrolment codes from this address; wait 10 minutes")
		return
	}
	var req protocol.EnrollRequest
	dec := json.NewDecoder(r.Body) // limited by HandlePublic
	if err := dec.Decode(&req); err != nil || req.Code == "" {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "the body must be JSON with a code")
		return
	}
	if req.Protocol != "" && req.Protocol != protocol.Version {
		writeError(w, http.StatusBadRequest, protocol.CodeVersion, "unknown protocol version "+req.Protocol+"; this hub speaks "+protocol.Version)
		return
	}
	var deviceKey ed25519.PublicKey
	if req.DeviceKey != "" {
		k, err := protocol.DecodePublicKey(req.DeviceKey)
		if err != nil {
			writeError(w, http.StatusBadRequest, protocol.CodeDeviceKey, "device_key is not a base64 Ed25519 public key; send the kiosk's device public key or leave it out")
			return
		}
		deviceKey = k
	}
	resp, err := s.hub.EnrollDevice(r.Context(), req.Code, deviceKey)
	switch {
	case errors.Is(err, ErrEnrollCode):
		if err := s.hub.Limits.Fail(r.Context(), enrolKey(ip), enrolFailLimit, enrolFailWindow, now); err != nil {
			s.hub.Log.Warn("enroll: count a wrong code", "err", err)
		}
		writeError(w, http.StatusForbidden, protocol.CodeEnroll, "enrolment code unknown, already used or expired; ask for a new one (hub enroll)")
	case errors.Is(err, ErrKioskNumber):
		writeError(w, http.StatusConflict, protocol.CodeEnroll, err.Error())
	case err != nil:
		s.hub.Log.Error("enroll", "err", err)
		writeFailure(w, err, "the hub could not enrol the kiosk")
	default:
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, resp)
	}
}

func parseVersion(s string) (int64, error) {
	if s == "" {
		return 0, errors.New("empty")
	}
	return strconv.ParseInt(s, 10, 64)
}

func (s *Server) handleChanges(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	since, limit := int64(0), protocol.DefaultPageSize
	if v := q.Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "since must be a version number (0 or more)")
			return
		}
		since = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "limit must be a positive number")
			return
		}
		limit = min(n, protocol.MaxPageSize)
	}
	head, err := s.head(r.Context())
	if err != nil {
		s.hub.Log.Error("read head", "err", err)
		writeFailure(w, err, "the hub could not read its catalogue")
		return
	}
	if since > head {
		writeError(w, http.StatusConflict, protocol.CodeAhead,
			"the kiosk is at version "+strconv.FormatInt(since, 10)+" but the hub only at "+strconv.FormatInt(head, 10)+" (was the hub restored from an old backup?)")
		return
	}
	e := s.page(r.Context(), since, limit, head, q.Get(protocol.QueryOverlap) == "1")
	if e.err != nil {
		if errors.Is(e.err, ErrAhead) {
			writeError(w, http.StatusConflict, protocol.CodeAhead, e.err.Error())
			return
		}
		s.hub.Log.Error("make page", "since", since, "err", e.err)
		writeFailure(w, e.err, "the hub could not make the page")
		return
	}
	var gz io.Reader = bytes.NewReader(e.gz)
	gzLen := int64(len(e.gz))
	if e.file != "" {
		pr, f, err := e.open()
		if err != nil {
			s.hub.Log.Error("read page", "since", since, "err", err)
			writeError(w, http.StatusInternalServerError, protocol.CodeInternal, "the hub could not read the page")
			return
		}
		defer f.Close()
		gz, gzLen = pr, e.n
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set(protocol.HeaderSignature, base64.StdEncoding.EncodeToString(e.sig))
	h.Set(protocol.HeaderPageTo, strconv.FormatInt(e.to, 10))
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", "no-store")
	if e.raw != nil { // a short page made for this kiosk: not worth compressing
		h.Set("Content-Length", strconv.Itoa(len(e.raw)))
		w.Write(e.raw)
		return
	}
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.FormatInt(gzLen, 10))
		io.Copy(w, gz)
		return
	}
	h.Set("Content-Length", strconv.Itoa(e.rawLen))
	zr, err := gzip.NewReader(gz)
	if err == nil {
		io.Copy(w, zr)
	}
}

// acceptsGzip reads an Accept-Encoding header: gzip listed without q=0.
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(name) != "*" {
			continue
		}
		p := strings.ReplaceAll(params, " ", "")
		return p != "q=0" && p != "q=0.0" && p != "q=0.00" && p != "q=0.000"
	}
	return false
}

func (s *Server) handleAttachment(w http.ResponseWriter, r *http.Request) {
	sha := r.PathValue("sha256")
	if !protocol.ValidSHA256(sha) {
		writeError(w, http.StatusNotFound, protocol.CodeNotFound, "no such attachment")
		return
	}
	info, err := s.hub.Store.Attachment(r.Context(), sha)
	if errors.Is(err, ErrNotFound) {
		writeError(w, http.StatusNotFound, protocol.CodeNotFound, "no such attachment")
		return
	} else if err != nil {
		s.hub.Log.Error("attachment", "sha256", sha, "err", err)
		writeFailure(w, err, "the hub could not read the attachment")
		return
	}
	f, err := s.hub.Store.OpenBlob(r.Context(), sha)
	if err != nil {
		s.hub.Log.Error("open blob", "sha256", sha, "err", err)
		writeFailure(w, err, "the hub lost the attachment's bytes")
		return
	}
	defer f.Close()
	// A large file over a slow link may take longer than WriteTimeout.
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(30 * time.Minute))
	w.Header().Set("Content-Type", info.MediaType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	http.ServeContent(w, r, "", time.Time{}, f)
}

func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	k, _ := KioskFrom(r.Context())
	head, err := s.head(r.Context())
	if err != nil {
		writeFailure(w, err, "the hub could not read its catalogue")
		return
	}
	writeJSON(w, protocol.Status{Protocol: protocol.Version, KeyID: s.hub.Keys.KeyID(), Head: head, KioskID: k.ID, KioskNo: k.No})
}

// handleCall takes a kiosk's staff call (POST /v1/calls): checked,
// recorded at once, answered 204.
func (s *Server) handleCall(w http.ResponseWriter, r *http.Request) {
	k, _ := KioskFrom(r.Context())
	var c protocol.StaffCall
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "malformed staff call")
		return
	}
	if err := c.Check(); err != nil {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, err.Error())
		return
	}
	id, err := s.hub.Store.AddCall(r.Context(), k.ID, c.Screen, c.At, s.hub.Now())
	if err != nil {
		s.hub.Log.Error("record staff call", "kiosk", k.ID, "err", err)
		writeFailure(w, err, "the hub could not record the call")
		return
	}
	s.hub.Log.Info("staff call", "kiosk", k.ID, "call", id) // the screen is for the console, not the log
	w.WriteHeader(http.StatusNoContent)
}
