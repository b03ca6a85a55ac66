-- The publishing desk's own records (internal/publish): what is not on the
-- kiosks. The hub's catalogue (hub.db) holds what is.
CREATE TABLE drafts (
	id       TEXT PRIMARY KEY,
	doc      TEXT NOT NULL,              -- domain.Document JSON
	source   TEXT NOT NULL DEFAULT '',   -- the body as Markdown
	state    TEXT NOT NULL CHECK (state IN ('draft', 'withdrawn', 'held')),
	note     TEXT NOT NULL DEFAULT '',
	updated  TEXT NOT NULL,
	by_login TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE exemptions (
	doc_id   TEXT PRIMARY KEY,
	reason   TEXT NOT NULL,
	by_login TEXT NOT NULL,
	at       TEXT NOT NULL
) WITHOUT ROWID;
