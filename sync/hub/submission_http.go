package hub

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"gongkai/sync/protocol"
)

// MaxSubmitBody bounds a POST /v1/submissions body: a batch of records
// with signatures drawn on screen (each at most a few hundred kilobytes).
const MaxSubmitBody = 32 << 20

// Register adds the submission endpoints to srv: the kiosk API behind
// device authentication and the public status page.
func (s *Submissions) Register(srv *Server) {
	srv.HandleLimited("POST /v1/submissions", http.HandlerFunc(s.handleSubmit), MaxSubmitBody)
	srv.Handle("PUT /v1/device-key", http.HandlerFunc(s.handleDeviceKey))
	srv.Handle("POST /v1/status-updates", http.HandlerFunc(s.handleFeed))
	srv.Handle("GET /v1/status-updates", http.HandlerFunc(s.handleFeed))
	srv.HandleBrowser("GET /s/{tracking}", http.HandlerFunc(s.handleStatusPage))
}

func (s *Submissions) handleSubmit(w http.ResponseWriter, r *http.Request) {
	k, _ := KioskFrom(r.Context())
	var req protocol.SubmitRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxSubmitBody)).Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, protocol.CodeBadRequest, "batch over "+strconv.Itoa(MaxSubmitBody)+" bytes; send fewer records at once")
			return
		}
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "the body must be JSON {\"records\": [...]}")
		return
	}
	acks, err := s.Receive(r.Context(), k, req.Records, ViaNetwork)
	if err != nil {
		s.hub.Log.Error("receive submissions", "kiosk", k.ID, "records", len(req.Records), "err", err)
		writeFailure(w, err, "the hub could not store the batch; send it again")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, protocol.SubmitResponse{Acks: acks})
}

func (s *Submissions) handleDeviceKey(w http.ResponseWriter, r *http.Request) {
	k, _ := KioskFrom(r.Context())
	var req protocol.DeviceKeyRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "the body must be JSON {\"public_key\": base64}")
		return
	}
	pub, err := protocol.DecodePublicKey(req.PublicKey)
	if err != nil {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "public_key is not a base64 Ed25519 public key")
		return
	}
	switch err := s.RegisterDeviceKey(r.Context(), k.ID, pub); {
	case errors.Is(err, ErrDeviceKey):
		writeError(w, http.StatusConflict, CodeDeviceKey, "another device key is registered for this kiosk; staff must check it")
	case err != nil:
		s.hub.Log.Error("register device key", "kiosk", k.ID, "err", err)
		writeFailure(w, err, "the hub could not record the device key")
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// CodeDeviceKey is the error code of a conflicting device key.
const CodeDeviceKey = protocol.CodeDeviceKey

func (s *Submissions) handleFeed(w http.ResponseWriter, r *http.Request) {
	k, _ := KioskFrom(r.Context())
	var req protocol.FeedRequest
	readOnly := r.Method == http.MethodGet
	if readOnly {
		if v := r.URL.Query().Get("since"); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "since must be a feed position (0 or more)")
				return
			}
			req.Since = n
		}
	} else if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil || req.Since < 0 {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "the body must be JSON {\"since\": N, \"returned\": [...]}")
		return
	}
	f, err := s.Exchange(r.Context(), k, req, readOnly)
	if err != nil {
		s.hub.Log.Error("status feed", "kiosk", k.ID, "err", err)
		writeFailure(w, err, "the hub could not read the status feed")
		return
	}
	sp, err := s.SignFeed(f)
	if err != nil {
		writeFailure(w, err, "the hub could not sign the status feed")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set(protocol.HeaderSignature, base64.StdEncoding.EncodeToString(sp.Signature))
	w.Write(sp.Payload)
}
