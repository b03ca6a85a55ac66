-- The 依申请公开 case register (internal/foi). Each case is one JSON
-- document (data) plus the columns the register filters and sorts on,
-- rewritten with every change. due and clock are computed from the
-- working-day calendar when the case is written (and again when the
-- calendar changes), so "overdue" and "due soon" are plain SQL.
CREATE TABLE cases (
	id             TEXT    NOT NULL PRIMARY KEY, -- register number YYYY-NNNNN
	year           INTEGER NOT NULL,             -- receipt year
	seq            INTEGER NOT NULL,
	tracking       TEXT UNIQUE,                  -- the kiosk's number; NULL for desk registrations
	channel        TEXT    NOT NULL,
	received       TEXT    NOT NULL,             -- Art. 31 receipt date, YYYY-MM-DD
	category       TEXT    NOT NULL,             -- annual report column
	applicant_key  TEXT    NOT NULL,
	stage          TEXT    NOT NULL,
	dept           TEXT    NOT NULL DEFAULT '',
	handler        TEXT    NOT NULL DEFAULT '',
	due            TEXT    NOT NULL DEFAULT '',  -- '' while the clock is stopped for 补正
	clock          TEXT    NOT NULL,
	outcome        TEXT    NOT NULL DEFAULT '',
	signed         TEXT    NOT NULL DEFAULT '',  -- the reply's date; '' while open
	search         TEXT    NOT NULL,             -- numbers, applicant name, request, lower case
	version        INTEGER NOT NULL,
	publish        TEXT    NOT NULL DEFAULT '',  -- public status (JSON) the kiosk feed should show; '' none
	published      TEXT    NOT NULL DEFAULT '',  -- the one last sent; differs from publish until sent
	data           TEXT    NOT NULL,             -- the case as JSON
	UNIQUE (year, seq)
);
CREATE INDEX cases_received ON cases (received DESC, id DESC);
CREATE INDEX cases_stage ON cases (stage, received DESC);
CREATE INDEX cases_dept ON cases (dept, received DESC);
CREATE INDEX cases_applicant ON cases (applicant_key, received);
CREATE INDEX cases_due ON cases (clock, due);
CREATE INDEX cases_signed ON cases (signed);
CREATE INDEX cases_unsent ON cases (id) WHERE publish <> published;

-- Letters rendered for a case (PDF), one per correspondence entry that
-- has one. Kept, never rewritten: what was sent stays what was sent.
CREATE TABLE letters (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id TEXT    NOT NULL REFERENCES cases (id),
	n       INTEGER NOT NULL,
	kind    TEXT    NOT NULL,
	title   TEXT    NOT NULL,
	created TEXT    NOT NULL,
	pdf     BLOB    NOT NULL
);
CREATE INDEX letters_case ON letters (case_id, n);

-- Files kept with a case: information provided, scans, third parties' answers.
CREATE TABLE files (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id    TEXT    NOT NULL REFERENCES cases (id),
	name       TEXT    NOT NULL,
	media_type TEXT    NOT NULL,
	size       INTEGER NOT NULL,
	added      TEXT    NOT NULL,
	added_by   TEXT    NOT NULL,
	data       BLOB    NOT NULL
);
CREATE INDEX files_case ON files (case_id);

-- Letter templates the agency edited; a key absent here uses the default.
CREATE TABLE templates (
	key        TEXT NOT NULL PRIMARY KEY,
	title      TEXT NOT NULL,
	body       TEXT NOT NULL,
	updated    TEXT NOT NULL,
	updated_by TEXT NOT NULL
);

-- Settings (the agency's letterhead, remedies) and cursors (kiosk import).
CREATE TABLE meta (
	key   TEXT NOT NULL PRIMARY KEY,
	value TEXT NOT NULL
);
