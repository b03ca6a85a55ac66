-- The hub's guess limits (internal/throttle) on PostgreSQL (component
-- "throttle"): the tables of migrations/001 for SQLite, shared by every hub
-- process on the database.

CREATE TABLE throttle_buckets (
	key    text             NOT NULL PRIMARY KEY,
	tokens double precision NOT NULL,
	at_ms  bigint           NOT NULL
);
CREATE INDEX throttle_buckets_at ON throttle_buckets (at_ms);

CREATE TABLE throttle_failures (
	key      text    NOT NULL PRIMARY KEY,
	n        integer NOT NULL,
	last_ms  bigint  NOT NULL,
	until_ms bigint  NOT NULL
);
CREATE INDEX throttle_failures_last ON throttle_failures (last_ms);
