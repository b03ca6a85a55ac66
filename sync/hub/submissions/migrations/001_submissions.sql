-- Every sealed record received, by network or USB, once per id.
CREATE TABLE records (
	n            INTEGER PRIMARY KEY AUTOINCREMENT,
	id           TEXT    NOT NULL UNIQUE,
	digest       BLOB    NOT NULL,  -- SHA-256 of SigningBytes: "same content"
	kind         TEXT    NOT NULL,
	kiosk_id     TEXT    NOT NULL,
	tracking     TEXT UNIQUE,       -- NULL for a cancel
	verify_hash  TEXT    NOT NULL DEFAULT '',
	received_ms  INTEGER NOT NULL,  -- the kiosk's receipt time, unix ms
	received     TEXT    NOT NULL,  -- the same, RFC 3339 exactly as signed
	hub_received TEXT    NOT NULL,  -- RFC 3339 UTC; the acknowledgement's time
	deadline     TEXT    NOT NULL DEFAULT '',
	provisional  INTEGER NOT NULL DEFAULT 0,
	event_id     TEXT    NOT NULL DEFAULT '',
	attendees    INTEGER NOT NULL DEFAULT 0,
	seat_state   TEXT    NOT NULL DEFAULT '',
	ref          TEXT    NOT NULL DEFAULT '',
	sealed       BLOB    NOT NULL,
	sig          BLOB    NOT NULL,
	via          TEXT    NOT NULL   -- 'network' or 'usb'
);
CREATE INDEX records_ref ON records (ref) WHERE ref <> '';

-- The current status of each tracking number (applications, feedback,
-- sign-ups). Absent until staff or the seat logic set one.
CREATE TABLE status (
	tracking    TEXT    NOT NULL PRIMARY KEY,
	state       TEXT    NOT NULL,
	outcome     TEXT    NOT NULL DEFAULT '',
	deadline    TEXT    NOT NULL DEFAULT '',
	provisional INTEGER NOT NULL DEFAULT 0,
	note        TEXT    NOT NULL DEFAULT '',
	updated     TEXT    NOT NULL,
	extended    INTEGER NOT NULL DEFAULT 0 -- 已延期 used (once, Art. 33)
);

-- The per-kiosk feed: status changes for the numbers a kiosk issued and
-- seat grants, in seq order. A kiosk reads it from its cursor.
CREATE TABLE feed (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	kiosk_id    TEXT    NOT NULL,
	tracking    TEXT    NOT NULL DEFAULT '',
	state       TEXT    NOT NULL DEFAULT '',
	outcome     TEXT    NOT NULL DEFAULT '',
	deadline    TEXT    NOT NULL DEFAULT '',
	provisional INTEGER NOT NULL DEFAULT 0,
	note        TEXT    NOT NULL DEFAULT '',
	updated     TEXT    NOT NULL DEFAULT '',
	event_id    TEXT    NOT NULL DEFAULT '',
	seats       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feed_kiosk ON feed (kiosk_id, seq);

-- Each kiosk's Ed25519 device key, registered once after enrolment.
CREATE TABLE device_keys (
	kiosk_id   TEXT NOT NULL PRIMARY KEY,
	public_key BLOB NOT NULL,
	registered TEXT NOT NULL
);

-- Seats granted to each kiosk per event (issued) and handed back by it
-- (returned: the kiosk's cumulative count, so a repeated report is
-- harmless). issued - returned is the kiosk's block.
CREATE TABLE seat_blocks (
	kiosk_id TEXT    NOT NULL,
	event_id TEXT    NOT NULL,
	issued   INTEGER NOT NULL DEFAULT 0,
	returned INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (kiosk_id, event_id)
);

-- Sign-ups and where their seats come from: 'block' (confirmed by the
-- issuing kiosk within its block), 'waiting' (on the waitlist),
-- 'promoted' (confirmed by the hub from free seats), 'cancelled'.
CREATE TABLE signups (
	tracking    TEXT    NOT NULL PRIMARY KEY,
	id          TEXT    NOT NULL,
	kiosk_id    TEXT    NOT NULL,
	event_id    TEXT    NOT NULL,
	attendees   INTEGER NOT NULL,
	received_ms INTEGER NOT NULL,
	verify_hash TEXT    NOT NULL,
	seat        TEXT    NOT NULL CHECK (seat IN ('block', 'waiting', 'promoted', 'cancelled'))
);
CREATE INDEX signups_event ON signups (event_id, seat, received_ms, id);

-- Cancellations and what became of them: 'pending' (the sign-up has not
-- arrived yet), 'done', 'mismatch' (wrong verification code), 'already'
-- (already cancelled), 'not_signup'.
CREATE TABLE cancels (
	id       TEXT NOT NULL PRIMARY KEY,
	ref      TEXT NOT NULL,
	result   TEXT NOT NULL
);
CREATE INDEX cancels_ref ON cancels (ref, result);
