-- The hub console's accounts, sessions and audit log, in console.db in the
-- hub's data directory (component "console" of store.Migrate). Several hub
-- processes may share this file: sessions live here, not in memory.

-- 科室: the departments cases are assigned to. An account of a 承办人 belongs
-- to one.
CREATE TABLE depts (
	name    TEXT NOT NULL PRIMARY KEY,
	created TEXT NOT NULL             -- RFC 3339
) STRICT;

CREATE TABLE accounts (
	login         TEXT    NOT NULL PRIMARY KEY,   -- ASCII, see CheckLogin
	name          TEXT    NOT NULL DEFAULT '',    -- shown in the console and on letters
	role          TEXT    NOT NULL CHECK (role IN ('登记员', '承办人', '审核人', '管理员', '前台')),
	dept          TEXT    NOT NULL DEFAULT '',    -- '' or a depts.name
	password_hash TEXT    NOT NULL,               -- internal/password PHC string
	must_change   INTEGER NOT NULL DEFAULT 0,     -- 1 after an administrator's reset
	disabled      INTEGER NOT NULL DEFAULT 0,
	failures      INTEGER NOT NULL DEFAULT 0,     -- wrong passwords in a row
	locked_until  INTEGER NOT NULL DEFAULT 0,     -- Unix ms; 0 when not locked
	created       TEXT    NOT NULL,
	last_login    TEXT    NOT NULL DEFAULT ''
) STRICT;

-- A session is found by the SHA-256 of its cookie value, so a copy of the
-- database does not hand out live sessions.
CREATE TABLE sessions (
	token_hash TEXT    NOT NULL PRIMARY KEY,
	login      TEXT    NOT NULL REFERENCES accounts (login),
	csrf       TEXT    NOT NULL,
	created    INTEGER NOT NULL,  -- Unix ms
	seen       INTEGER NOT NULL   -- Unix ms of the last request
) STRICT;
CREATE INDEX sessions_login ON sessions (login);
CREATE INDEX sessions_seen ON sessions (seen);

-- The audit log of every staff action in the console: append-only and
-- hash-chained like the kiosk's staff_audit (internal/auditlog).
CREATE TABLE console_audit (
	seq       INTEGER PRIMARY KEY,
	at        TEXT    NOT NULL,
	login     TEXT    NOT NULL,             -- the account, or 命令行 / 未知账号
	action    TEXT    NOT NULL,
	detail    TEXT    NOT NULL DEFAULT '',  -- tracking numbers, logins, codes: never an applicant's data
	prev_hash TEXT    NOT NULL,
	hash      TEXT    NOT NULL UNIQUE
) STRICT;

CREATE TRIGGER console_audit_no_update BEFORE UPDATE ON console_audit
BEGIN
	SELECT RAISE(ABORT, 'console_audit is append-only: UPDATE refused');
END;

CREATE TRIGGER console_audit_no_delete BEFORE DELETE ON console_audit
BEGIN
	SELECT RAISE(ABORT, 'console_audit is append-only: DELETE refused');
END;

CREATE TRIGGER console_audit_append_only BEFORE INSERT ON console_audit
WHEN NEW.seq IS NOT COALESCE((SELECT max(seq) FROM console_audit), 0) + 1
  OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM console_audit ORDER BY seq DESC LIMIT 1),
                                   '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
	SELECT RAISE(ABORT, 'console_audit: a row must extend the chain');
END;
