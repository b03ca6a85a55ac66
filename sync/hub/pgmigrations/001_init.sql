-- The hub's catalogue store in PostgreSQL (the same tables as hub.db's
-- migrations/, for several hub processes on one database).

-- The catalogue's head version: one row, locked FOR UPDATE by every
-- writer for the rest of its transaction, so versions are handed out
-- in commit order and never held in a process's memory.
CREATE TABLE catalogue_head (
	one     boolean PRIMARY KEY DEFAULT true CHECK (one),
	version bigint  NOT NULL
);
INSERT INTO catalogue_head (version) VALUES (0);

-- The latest change of every object. A deletion keeps its row as a
-- tombstone (deleted, no hash or data) so kiosks learn of it.
CREATE TABLE objects (
	kind    text        NOT NULL,
	id      text        NOT NULL,
	version bigint      NOT NULL UNIQUE,
	deleted boolean     NOT NULL DEFAULT false,
	hash    bytea,                 -- SHA-256 of data; NULL for a tombstone
	data    bytea,                 -- canonical JSON; NULL for a tombstone
	changed timestamptz NOT NULL,
	PRIMARY KEY (kind, id)
);

-- Attachment metadata.
CREATE TABLE attachments (
	sha256     text        PRIMARY KEY,
	size       bigint      NOT NULL,
	media_type text        NOT NULL,
	added      timestamptz NOT NULL
);

-- Attachment bytes in chunks of at most 1 MiB. A blob's row in blobs is
-- written in the transaction of its chunks, after its SHA-256 and size
-- were checked: a blob without that row does not exist.
CREATE TABLE blobs (
	sha256 text   PRIMARY KEY,
	size   bigint NOT NULL,
	chunk  int    NOT NULL
);
CREATE TABLE blob_chunks (
	sha256 text  NOT NULL,
	n      int   NOT NULL,
	data   bytea NOT NULL,
	PRIMARY KEY (sha256, n)
);

CREATE TABLE kiosks (
	id                text        PRIMARY KEY,
	no                int         NOT NULL UNIQUE CHECK (no BETWEEN 1 AND 9999),
	name              text        NOT NULL,
	token_hash        bytea       NOT NULL,
	enrolled          timestamptz NOT NULL,
	last_seen         timestamptz,
	catalogue_version bigint      NOT NULL DEFAULT 0,
	revoked           timestamptz,
	device_key        bytea,       -- Ed25519 public key sent at enrolment
	report            text,        -- protocol.KioskReport as JSON
	reported          timestamptz
);

-- One-time enrolment codes; only their hashes are kept.
CREATE TABLE enroll_codes (
	code_hash bytea       PRIMARY KEY,
	name      text        NOT NULL,
	created   timestamptz NOT NULL,
	expires   timestamptz NOT NULL,
	used      timestamptz,
	kiosk_id  text
);

-- A line per import, for staff.
CREATE TABLE imports (
	at        timestamptz NOT NULL,
	from_v    bigint      NOT NULL,
	to_v      bigint      NOT NULL,
	added     int         NOT NULL,
	updated   int         NOT NULL,
	deleted   int         NOT NULL,
	unchanged int         NOT NULL
);
