-- The publishing desk's own records (internal/publish) in the hub's
-- PostgreSQL database: the same tables as publish.db after its
-- migrations 001-004, so the store's queries are written once
-- (internal/sqldb). Keys are COLLATE "C", which orders them as SQLite does.
CREATE TABLE drafts (
	id       text COLLATE "C" PRIMARY KEY,
	doc      text NOT NULL,              -- domain.Document JSON
	source   text NOT NULL DEFAULT '',   -- the body as Markdown
	state    text NOT NULL CHECK (state IN ('draft', 'withdrawn', 'held')),
	note     text NOT NULL DEFAULT '',
	updated  text NOT NULL,
	by_login text NOT NULL
);

CREATE TABLE exemptions (
	doc_id   text COLLATE "C" PRIMARY KEY,
	reason   text NOT NULL,
	by_login text NOT NULL,
	at       text NOT NULL
);

-- 意见征集: the desk's decision on each comment, and the feedback
-- documents drafted for a consultation or an event.
CREATE TABLE decisions (
	tracking        text COLLATE "C" PRIMARY KEY,
	consultation_id text NOT NULL,
	decision        text NOT NULL CHECK (decision IN ('采纳', '部分采纳', '不予采纳')),
	reason          text NOT NULL DEFAULT '',
	by_login        text NOT NULL,
	at              text NOT NULL
);
CREATE INDEX decisions_consultation ON decisions (consultation_id);

CREATE TABLE feedback_links (
	doc_id    text COLLATE "C" PRIMARY KEY,
	kind      text NOT NULL CHECK (kind IN ('consultation', 'event')),
	target_id text NOT NULL,
	UNIQUE (kind, target_id)
);

-- 办事堵点 and 好差评: who handles each report or rating, the reply, the
-- 整改 and the 回访.
CREATE TABLE works (
	tracking      text COLLATE "C" PRIMARY KEY,
	assignee      text NOT NULL DEFAULT '',
	reply         text NOT NULL DEFAULT '',
	replied_at    text NOT NULL DEFAULT '',
	replied_by    text NOT NULL DEFAULT '',
	rectification text NOT NULL DEFAULT '',
	rectified_at  text NOT NULL DEFAULT '',
	rectified_by  text NOT NULL DEFAULT '',
	callback      text NOT NULL DEFAULT '',
	called_at     text NOT NULL DEFAULT '',
	called_by     text NOT NULL DEFAULT ''
);

-- Events: sign-ups checked in at the door, once each.
CREATE TABLE checkins (
	tracking text COLLATE "C" PRIMARY KEY,
	event_id text NOT NULL,
	at       text COLLATE "C" NOT NULL,
	by_login text NOT NULL
);
CREATE INDEX checkins_event ON checkins (event_id);
