package protocol

// HTTP header names of the protocol.
const (
	HeaderProtocol  = "Gongkai-Protocol"
	HeaderSignature = "Gongkai-Signature"         // base64 Ed25519 signature of a page body
	HeaderCatalogue = "Gongkai-Catalogue-Version" // the kiosk's cursor, reported on every request
	HeaderKeyID     = "Gongkai-Key-Id"            // the hub's key id, on every response
	HeaderPageTo    = "Gongkai-Page-To"           // a page's to, for logs and tools; the signed page is what counts
)

// QueryOverlap is the query parameter of GET /v1/changes by which a kiosk
// says it accepts a page that starts below its cursor ("overlap=1"): it
// skips the changes it already has (see the package doc).
const QueryOverlap = "overlap"

// EnrollRequest exchanges a one-time code from `hub enroll` for a device
// credential. DeviceKey is the kiosk's Ed25519 device public key
// ([EncodePublicKey]); the hub records it with the kiosk at enrolment so
// that a kiosk taken offline before its first sync can still have its USB
// export verified. It may be empty (kiosks built before it existed
// register the key later with PUT /v1/device-key).
type EnrollRequest struct {
	Protocol  string `json:"protocol"`
	Code      string `json:"code"`
	DeviceKey string `json:"device_key,omitempty"`
}

// EnrollResponse is the kiosk's device credential and the hub's public
// keys. Token is the secret the kiosk sends as "Bearer <KioskID>.<Token>";
// the hub keeps only its hash.
type EnrollResponse struct {
	Protocol     string `json:"protocol"`
	KioskID      string `json:"kiosk_id"`
	KioskNo      int    `json:"kiosk_no"` // 1-9999, part of tracking numbers
	Name         string `json:"name,omitempty"`
	Token        string `json:"token"`
	SignKey      string `json:"sign_key"`      // base64 Ed25519 public key ([EncodePublicKey])
	KeyID        string `json:"key_id"`        // [Fingerprint] of SignKey
	AgeRecipient string `json:"age_recipient"` // "age1…": submissions are sealed to it
	// DeviceKeyID is the [Fingerprint] of the device key the hub recorded
	// from the request, empty if none (an older hub, or no key sent).
	DeviceKeyID string `json:"device_key_id,omitempty"`
}

// Status is the hub's answer to GET /v1/status: what it holds and what it
// knows of the asking kiosk.
type Status struct {
	Protocol string `json:"protocol"`
	KeyID    string `json:"key_id"`
	Head     int64  `json:"head"` // the hub's latest catalogue version
	KioskID  string `json:"kiosk_id"`
	KioskNo  int    `json:"kiosk_no"`
}

// ErrorBody is the JSON body of every error response. Code is one of the
// Code* constants; Message is for staff and logs.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error codes in [ErrorBody].
const (
	CodeBadRequest  = "bad_request"
	CodeVersion     = "protocol_version" // unknown or missing protocol version
	CodeAuth        = "unauthorized"     // unknown kiosk or bad credential
	CodeRevoked     = "revoked"          // the kiosk was revoked at the hub
	CodeEnroll      = "enroll_code"      // unknown, used or expired enrolment code
	CodeDeviceKey   = "device_key"       // malformed or conflicting device key
	CodeNotFound    = "not_found"
	CodeAhead       = "cursor_ahead" // the kiosk claims a version the hub never reached
	CodeInternal    = "internal"
	CodeUnavailable = "unavailable"
)
