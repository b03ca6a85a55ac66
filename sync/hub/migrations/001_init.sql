-- The hub's catalogue: the latest change of every object. A deletion keeps
-- its row as a tombstone (deleted = 1, no data) so kiosks learn of it.
CREATE TABLE objects (
	kind    TEXT    NOT NULL,
	id      TEXT    NOT NULL,
	version INTEGER NOT NULL UNIQUE,
	deleted INTEGER NOT NULL DEFAULT 0,
	hash    BLOB,            -- SHA-256 of data; NULL for a tombstone
	data    BLOB,            -- canonical JSON; NULL for a tombstone
	changed TEXT    NOT NULL, -- RFC 3339 UTC
	PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- Attachment metadata; the bytes are files under blobs/.
CREATE TABLE attachments (
	sha256     TEXT    NOT NULL PRIMARY KEY,
	size       INTEGER NOT NULL,
	media_type TEXT    NOT NULL,
	added      TEXT    NOT NULL
);

CREATE TABLE kiosks (
	id                TEXT    NOT NULL PRIMARY KEY,
	no                INTEGER NOT NULL UNIQUE,
	name              TEXT    NOT NULL,
	token_hash        BLOB    NOT NULL,
	enrolled          TEXT    NOT NULL,
	last_seen         TEXT,
	catalogue_version INTEGER NOT NULL DEFAULT 0,
	revoked           TEXT
);

-- One-time enrolment codes; only their hashes are kept.
CREATE TABLE enroll_codes (
	code_hash BLOB NOT NULL PRIMARY KEY,
	name      TEXT NOT NULL,
	created   TEXT NOT NULL,
	expires   TEXT NOT NULL,
	used      TEXT,
	kiosk_id  TEXT
);

-- A line per import, for staff.
CREATE TABLE imports (
	at        TEXT    NOT NULL,
	from_v    INTEGER NOT NULL,
	to_v      INTEGER NOT NULL,
	added     INTEGER NOT NULL,
	updated   INTEGER NOT NULL,
	deleted   INTEGER NOT NULL,
	unchanged INTEGER NOT NULL
);

CREATE TABLE meta (
	key   TEXT NOT NULL PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('head', '0');
