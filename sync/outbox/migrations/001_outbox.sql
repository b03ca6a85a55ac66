-- The kiosk's submission outbox. Only what runs the queue and answers
-- status look-ups is readable here; the submission itself is sealed.
CREATE TABLE outbox_records (
	n            INTEGER PRIMARY KEY AUTOINCREMENT, -- queue order
	id           TEXT NOT NULL UNIQUE,              -- client-made UUID
	kind         TEXT NOT NULL,
	kiosk_id     TEXT NOT NULL,
	tracking     TEXT,                              -- NULL for a cancel
	verify_hash  TEXT NOT NULL DEFAULT '',
	received     TEXT NOT NULL,                     -- RFC 3339 UTC, exactly as signed
	deadline     TEXT NOT NULL DEFAULT '',          -- YYYY-MM-DD
	provisional  INTEGER NOT NULL DEFAULT 0,
	event_id     TEXT NOT NULL DEFAULT '',
	attendees    INTEGER NOT NULL DEFAULT 0,
	seat_state   TEXT NOT NULL DEFAULT '',
	ref          TEXT NOT NULL DEFAULT '',
	sealed       BLOB NOT NULL,
	sig          BLOB NOT NULL,

	state        TEXT NOT NULL DEFAULT 'queued'
	             CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'rejected')),
	attempts     INTEGER NOT NULL DEFAULT 0,        -- failed sends, ever
	backoff      INTEGER NOT NULL DEFAULT 0,        -- consecutive failed sends (the backoff level)
	hub_down     INTEGER NOT NULL DEFAULT 0,        -- the last failure was the hub not answering at all
	last_error   TEXT NOT NULL DEFAULT '',
	next_try     INTEGER NOT NULL DEFAULT 0,        -- unix ms; failed records wait until then
	sent_at      INTEGER NOT NULL DEFAULT 0,        -- unix ms, kiosk clock
	hub_received TEXT NOT NULL DEFAULT '',          -- RFC 3339, the hub's receipt time

	-- Status reported back by the hub (no personal data).
	status          TEXT NOT NULL DEFAULT '',
	status_outcome  TEXT NOT NULL DEFAULT '',
	status_deadline TEXT NOT NULL DEFAULT '',
	status_note     TEXT NOT NULL DEFAULT '',
	status_updated  TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX outbox_records_tracking ON outbox_records (tracking) WHERE tracking IS NOT NULL;
CREATE INDEX outbox_records_state ON outbox_records (state, next_try);

-- The kiosk's tracking-number sequence, one row per day ever used, so a
-- clock set back to an earlier day never reissues a number.
CREATE TABLE outbox_sequence (
	day  TEXT PRIMARY KEY, -- YYYY-MM-DD, Beijing time
	last INTEGER NOT NULL
);

-- Seats the hub granted this kiosk per event, and how many it confirmed.
CREATE TABLE outbox_seats (
	event_id TEXT PRIMARY KEY,
	granted  INTEGER NOT NULL DEFAULT 0,
	used     INTEGER NOT NULL DEFAULT 0
);

-- Small facts about the uploader: the last authentication failure.
CREATE TABLE outbox_meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
