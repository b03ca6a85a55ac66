// Package hub is the agency's hub: the authority for the catalogue that
// every kiosk carries. It keeps the catalogue as a change log (each object's
// latest change under a monotonically increasing version, withdrawals as
// tombstones), attachments by SHA-256, enrolled kiosks and one-time
// enrolment codes; it signs every page of changes with its Ed25519 key and
// serves them over HTTP (Server) or writes them into a bundle file for a
// USB drive (Hub.WriteBundle). The protocol is documented in sync/protocol.
// The same change log carries the front-desk staff list (PublishStaff: each
// 前台 account's 工号, name and kiosk PIN hash), which a catalogue import
// neither writes nor prunes.
//
// Storage sits behind the Store interface. SQLiteStore, one SQLite file plus
// a directory of blobs, is the default and needs nothing installed; a
// province-scale deployment can add a PostgreSQL Store (the SQL is plain and
// every multi-row change is one transaction) and pass it in Options.Store.
//
// Submissions are the same: Submissions holds the rules of receiving
// sealed records, seats, statuses and the status feed, with no SQL and no
// HTTP in it (internal/archtest checks it); it reads and writes through a
// SubmissionStore, whose SQLite implementation (SQLiteSubmissions,
// submissions.db) sits beside it in sqlite_submissions.go, and whose
// PostgreSQL one (PGSubmissions, for several hub processes on one
// database; its writers take one advisory lock, so they run one at a time
// as SQLite's do) in pg_submissions.go. OpenSubmissions opens the one the
// hub's stores are in. The kiosk API (submission_http.go, statuspage.go),
// the `hub` commands and the console call the same methods;
// NewSubmissions takes any other store.
//
// A hub's data directory holds:
//
//	hub.db      the SQLite store (WAL)
//	submissions.db  sealed submissions from kiosks, their status, the
//	            per-kiosk status feed, seat blocks, device keys (Submissions)
//	blobs/      attachments, blobs/ab/abcdef… by SHA-256
//	sign.key    the Ed25519 signing key (PKCS #8 PEM, mode 0600)
//	age.key     the age X25519 identity for sealed submissions (mode 0600)
package hub
