-- The hub's guess limits (internal/throttle), in limits.db in the hub's
-- data directory: shared by every hub process on that directory.

-- A token bucket per key (a status-page client address).
CREATE TABLE throttle_buckets (
	key    TEXT    NOT NULL PRIMARY KEY,
	tokens REAL    NOT NULL,  -- tokens left at at_ms
	at_ms  INTEGER NOT NULL   -- Unix ms of the last token taken
) STRICT;
CREATE INDEX throttle_buckets_at ON throttle_buckets (at_ms);

-- Failures in a row per key (a tracking number's wrong verification
-- codes, an address's wrong enrolment codes), and the lock they led to.
CREATE TABLE throttle_failures (
	key      TEXT    NOT NULL PRIMARY KEY,
	n        INTEGER NOT NULL,  -- failures since the last success, lock or lull
	last_ms  INTEGER NOT NULL,  -- Unix ms of the last failure
	until_ms INTEGER NOT NULL   -- Unix ms the lock ends; 0 when not locked
) STRICT;
CREATE INDEX throttle_failures_last ON throttle_failures (last_ms);
