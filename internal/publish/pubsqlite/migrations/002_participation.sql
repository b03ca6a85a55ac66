-- 意见征集: the desk's decision on each comment (by tracking number), and
-- the feedback documents drafted for a consultation or an event, linked
-- to it when published.
CREATE TABLE decisions (
	tracking        TEXT PRIMARY KEY,
	consultation_id TEXT NOT NULL,
	decision        TEXT NOT NULL CHECK (decision IN ('采纳', '部分采纳', '不予采纳')),
	reason          TEXT NOT NULL DEFAULT '',
	by_login        TEXT NOT NULL,
	at              TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX decisions_consultation ON decisions (consultation_id);

CREATE TABLE feedback_links (
	doc_id    TEXT PRIMARY KEY,
	kind      TEXT NOT NULL CHECK (kind IN ('consultation', 'event')),
	target_id TEXT NOT NULL,
	UNIQUE (kind, target_id)
) WITHOUT ROWID;
