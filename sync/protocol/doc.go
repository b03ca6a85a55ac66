// Package protocol defines "gongkai-sync/1", the protocol that carries the
// agency's catalogue from the hub to its kiosks, over HTTP or on a USB drive,
// and the checks both paths share. The hub's Ed25519 signing key is the
// catalogue's only authority: a kiosk pins it at enrolment and accepts
// nothing it did not sign, whichever way the bytes arrived.
//
// # Versions and pages
//
// Every change in the hub's catalogue (a category, document, consultation,
// event, calendar year or front-desk staff member written or withdrawn)
// gets a version number that is higher than every earlier one. The hub keeps
// only the latest change of each object, so the changes since version N are
// the objects whose latest version is above N, deletions included as
// tombstones. A kiosk keeps the highest version it applied as its cursor and
// asks for the changes since it.
//
// Changes travel in a [Page]:
//
//	{"protocol":"gongkai-sync/1","key_id":"<hub key id>","from":N,"to":M,
//	 "changes":[{"v":..,"kind":..,"id":..,"data":{..}}|{"v":..,"kind":..,"id":..,"deleted":true}],
//	 "more":true|false}
//
// from is the cursor the page applies on; the page holds every change with
// a version above from and at most to, in increasing order; to becomes the
// kiosk's cursor once the page is applied (to equals from only in an empty
// page, which means the kiosk is up to date). more says that later changes
// exist.
//
// A hub cuts pages on a grid of the requested limit: the page after version
// N ends at the next multiple of the limit (or earlier, at the head or when
// the page's data reaches a byte budget), so kiosks that started from
// different versions soon ask for the same pages, and a hub can serve them
// from one cached copy. A kiosk that asks with overlap=1 also accepts a
// page whose from is below its cursor (and whose to is above it): it skips
// the changes at or below its cursor, which it already has, and applies
// the rest. A hub then answers a kiosk between grid points with a page it
// keeps for every kiosk instead of one made for that kiosk alone; without
// overlap=1 (kiosks before it) from is always the cursor. A change's data is
// the object's JSON exactly as the hub stores it: the kiosk stores those
// bytes unchanged, so [domain.CatalogueDigest] agrees on both sides.
//
// A page is serialised once, by [EncodePage] (encoding/json, compact, HTML
// characters escaped), and signed by the hub with Ed25519 over those exact
// bytes (a [SignedPayload]). Nothing is re-serialised before it is checked:
// [VerifyPage] checks the signature over the bytes received, then decodes
// and checks the page. An unknown protocol version is refused with
// [ErrUnknownVersion], a key that is not the pinned one with [ErrWrongKey].
//
// Front-desk staff travel as changes of kind "staff" ([StaffMember]: 工号,
// display name, the Argon2id hash of their own kiosk PIN, or disabled). The
// hub publishes them from its console accounts, not from a catalogue import.
// A kiosk that has applied any staff change lets only the listed members
// into staff mode, each with their own PIN.
//
// Attachments are not inside pages: a document names each file by its
// SHA-256 ([domain.Attachment]). A kiosk fetches only the files it lacks,
// checks each one's SHA-256 and size before it becomes visible, and does so
// before it applies the page that refers to them.
//
// # HTTP
//
// Every request and response carries the header Gongkai-Protocol:
// gongkai-sync/1; the hub answers 400 to a request with another version.
// Every request but enrolment carries the device credential as
// "Authorization: Bearer <kiosk id>.<secret>"; an unknown or revoked kiosk
// gets 401 (a revoked one with error code "revoked"). A kiosk reports its
// catalogue version in the header Gongkai-Catalogue-Version, and with its
// sync requests its health in Gongkai-Kiosk-Report ([KioskReport]: app
// version, queue depth and oldest unsent item, printer state, free disk;
// base64url JSON of a few hundred bytes, ignored by a hub that does not
// know it, never a reason to refuse a sync). Errors are JSON [ErrorBody]
// values.
//
//	POST /v1/enroll                      EnrollRequest -> EnrollResponse
//	GET  /v1/changes?since=N&limit=500[&overlap=1]
//	                                     one page: body = payload,
//	                                     Gongkai-Signature = base64(signature),
//	                                     gzip when Accept-Encoding allows it
//	GET  /v1/attachments/{sha256}        the file's bytes
//	GET  /v1/status                      Status
//
// The enrolment request carries the kiosk's Ed25519 device public key
// (device_key), which signs its sealed submissions; the hub records it
// with the kiosk in the enrolment transaction and echoes its key id
// (device_key_id), so records exported to USB before the kiosk ever synced
// still verify. A malformed device_key is refused with 400 and error code
// "device_key", leaving the enrolment code unused. A request without it
// still enrols (older kiosks); such a kiosk registers its key on its
// first sync with PUT /v1/device-key (see package sync/hub).
//
// # Submissions and the status feed
//
// The kiosk sends what visitors hand in as [SealedRecord] values (sealed
// to the hub's age recipient, signed with the kiosk's device key over
// [SealedRecord.SigningBytes]) in a [SubmitRequest]; the hub answers one
// [Ack] per record. The hub feeds each kiosk the [StatusReport] of the
// numbers it issued and grants of seats in a signed [Feed] ([SignFeed],
// [VerifyFeed]); the kiosk hands unused seats back as [SeatReturn] totals.
// A USB export is an [ExportFile]. Kinds, seat states and statuses, with
// their Chinese labels, are this package's Kind*, Seat* and Status*
// constants ([KindTitle], [KindName], [SeatLabel]); the rules behind them
// are package sync/hub's.
//
//	PUT  /v1/device-key                  DeviceKeyRequest -> 204
//	POST /v1/submissions                 SubmitRequest -> SubmitResponse
//	POST /v1/status-updates              FeedRequest -> Feed, signed
//	GET  /v1/status-updates?since=N      Feed, signed (read only)
//
// A visitor's 呼叫工作人员 reaches the hub at once as a [StaffCall] (the
// screen and step, and the time; nothing about the visitor); the hub keeps
// one open call per kiosk until staff mark it handled. It is never queued.
//
//	POST /v1/calls                       StaffCall -> 204
//
// # Bundles
//
// A bundle carries the same signed pages on a USB drive. It is one file:
//
//	"GONGKAI-BUNDLE/1\n"
//	frame 'M'  the manifest (JSON, [Manifest])
//	frame 'S'  the Ed25519 signature of the manifest bytes
//	then for each page:   frame 'P' (page payload), frame 'S' (its signature)
//	then for each file:   frame 'A' (32-byte raw SHA-256, then the file's bytes)
//
// A frame is one kind byte, the body length as 8 bytes big-endian, then the
// body. The manifest names the protocol version, the hub key id, the range
// from..to, the number of pages, each page's SHA-256 in order, each included
// attachment's SHA-256 and size, and when the bundle was made. A reader
// ([BundleReader]) refuses a bundle whose manifest or any page fails its
// signature, whose pages do not match the manifest's hashes, whose files do
// not match their SHA-256, that is cut short or has anything after its end.
//
// # Keys
//
// A key id ([Fingerprint]) is the lower-case hex SHA-256 of the raw 32-byte
// Ed25519 public key; staff compare it in groups of four
// ([FormatFingerprint]) between `hub keys` and `kiosk enroll`. Public keys
// travel as standard base64 of the raw 32 bytes ([EncodePublicKey]).
package protocol
