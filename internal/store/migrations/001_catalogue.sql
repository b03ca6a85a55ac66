-- 001: the catalogue as the hub sends it, and the key/value meta table.
-- Every catalogue object keeps the exact JSON bytes received (data), so the
-- kiosk's digest matches the hub's; the other columns are copies for
-- queries.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE categories (
	id        TEXT PRIMARY KEY,
	parent_id TEXT NOT NULL DEFAULT '',
	name      TEXT NOT NULL,
	ord       INTEGER NOT NULL DEFAULT 0,
	data      BLOB NOT NULL
);

-- dno is the document's number in the search index. It is never reused
-- (AUTOINCREMENT): an updated document gets a new number, and postings of
-- the old one are skipped until a merge drops them.
CREATE TABLE documents (
	dno         INTEGER PRIMARY KEY AUTOINCREMENT,
	id          TEXT NOT NULL UNIQUE,
	title       TEXT NOT NULL,
	index_no    TEXT NOT NULL DEFAULT '',
	issuer      TEXT NOT NULL DEFAULT '',
	doc_no      TEXT NOT NULL DEFAULT '',
	written     TEXT NOT NULL DEFAULT '',
	published   TEXT NOT NULL DEFAULT '',
	category_id TEXT NOT NULL DEFAULT '',
	topic       TEXT NOT NULL DEFAULT '',
	disclosure  TEXT NOT NULL DEFAULT '',
	validity    TEXT NOT NULL DEFAULT '',
	keywords    TEXT NOT NULL DEFAULT '', -- joined with '、', for display
	interprets  TEXT NOT NULL DEFAULT '',
	sample      INTEGER NOT NULL DEFAULT 0,
	data        BLOB NOT NULL
);
CREATE INDEX documents_category ON documents (category_id, published DESC, dno DESC);
CREATE INDEX documents_published ON documents (published DESC, dno DESC);

-- Links between documents: a 政策解读 (from) explains a document (to).
-- The target may not have arrived yet; the link waits for it.
CREATE TABLE document_links (
	from_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	to_id   TEXT NOT NULL,
	kind    TEXT NOT NULL DEFAULT 'interprets',
	PRIMARY KEY (from_id, to_id, kind)
) WITHOUT ROWID;
CREATE INDEX document_links_to ON document_links (to_id, kind);

CREATE TABLE attachments (
	document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	name        TEXT NOT NULL,
	media_type  TEXT NOT NULL DEFAULT '',
	size        INTEGER NOT NULL DEFAULT 0,
	sha256      TEXT NOT NULL,
	PRIMARY KEY (document_id, seq)
) WITHOUT ROWID;
CREATE INDEX attachments_sha256 ON attachments (sha256);

CREATE TABLE consultations (
	id     TEXT PRIMARY KEY,
	opens  TEXT NOT NULL DEFAULT '',
	closes TEXT NOT NULL DEFAULT '',
	data   BLOB NOT NULL
);

CREATE TABLE events (
	id    TEXT PRIMARY KEY,
	start TEXT NOT NULL DEFAULT '', -- RFC 3339 in UTC, for ordering
	data  BLOB NOT NULL
);

-- id is the change's id as received (the year, e.g. "2026").
CREATE TABLE calendar_years (
	id   TEXT PRIMARY KEY,
	year INTEGER NOT NULL,
	data BLOB NOT NULL
);

-- The search index (index.go): segments of posting lists, one segment
-- appended per applied batch and merged by later batches. A segment's
-- document lists are packed in key order into blocks of about 4 KB, and
-- its bigrams' position lists likewise into their own blocks, so a query
-- that needs no positions never reads them. term is a block's first key.
CREATE TABLE search_segments (
	seg       INTEGER PRIMARY KEY,
	first_dno INTEGER NOT NULL,
	last_dno  INTEGER NOT NULL,
	docs      INTEGER NOT NULL,
	bytes     INTEGER NOT NULL
);

CREATE TABLE search_blocks (
	seg  INTEGER NOT NULL,
	term INTEGER NOT NULL,
	data BLOB NOT NULL
);
CREATE UNIQUE INDEX search_blocks_seg_term ON search_blocks (seg, term);

CREATE TABLE search_positions (
	seg  INTEGER NOT NULL,
	term INTEGER NOT NULL,
	data BLOB NOT NULL
);
CREATE UNIQUE INDEX search_positions_seg_term ON search_positions (seg, term);
