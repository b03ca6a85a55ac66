-- The hub console's accounts, sessions and audit log on PostgreSQL
-- (component "console" of pgdb.Migrate): the tables of migrations/ 001 and
-- 002 for SQLite, in PostgreSQL's types. Text the store sorts by is
-- COLLATE "C", so lists come out in the same order as from SQLite.

CREATE TABLE depts (
	name    text COLLATE "C" NOT NULL PRIMARY KEY,
	created text NOT NULL                      -- RFC 3339
);

CREATE TABLE accounts (
	login          text COLLATE "C" NOT NULL PRIMARY KEY,
	name           text COLLATE "C" NOT NULL DEFAULT '',
	role           text    NOT NULL CHECK (role IN ('登记员', '承办人', '审核人', '管理员', '前台')),
	dept           text COLLATE "C" NOT NULL DEFAULT '',
	password_hash  text    NOT NULL,
	must_change    boolean NOT NULL DEFAULT false,
	disabled       boolean NOT NULL DEFAULT false,
	failures       integer NOT NULL DEFAULT 0,
	locked_until   bigint  NOT NULL DEFAULT 0,  -- Unix ms; 0 when not locked
	created        text    NOT NULL,
	last_login     text    NOT NULL DEFAULT '',
	staff_no       text COLLATE "C" NOT NULL DEFAULT '',
	kiosk_pin_hash text    NOT NULL DEFAULT '',
	kiosk_pin_set  text    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX accounts_staff_no ON accounts (staff_no) WHERE staff_no <> '';

-- A session is found by the SHA-256 of its cookie value.
CREATE TABLE sessions (
	token_hash text   NOT NULL PRIMARY KEY,
	login      text   NOT NULL REFERENCES accounts (login),
	csrf       text   NOT NULL,
	created    bigint NOT NULL,  -- Unix ms
	seen       bigint NOT NULL   -- Unix ms of the last request
);
CREATE INDEX sessions_login ON sessions (login);
CREATE INDEX sessions_seen ON sessions (seen);

-- Append-only and hash-chained (internal/auditlog). Appends are serialised
-- by the store's advisory write lock; the trigger refuses any row that
-- does not extend the chain, whoever writes it.
CREATE TABLE console_audit (
	seq       bigint NOT NULL PRIMARY KEY,
	at        text   NOT NULL,
	login     text   NOT NULL,
	action    text   NOT NULL,
	detail    text   NOT NULL DEFAULT '',
	prev_hash text   NOT NULL,
	hash      text   NOT NULL UNIQUE
);

CREATE FUNCTION console_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'console_audit is append-only: % refused', TG_OP;
END
$$;

CREATE TRIGGER console_audit_no_update BEFORE UPDATE ON console_audit
	FOR EACH ROW EXECUTE FUNCTION console_audit_refuse();
CREATE TRIGGER console_audit_no_delete BEFORE DELETE ON console_audit
	FOR EACH ROW EXECUTE FUNCTION console_audit_refuse();
CREATE TRIGGER console_audit_no_truncate BEFORE TRUNCATE ON console_audit
	FOR EACH STATEMENT EXECUTE FUNCTION console_audit_refuse();

CREATE FUNCTION console_audit_extend() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	tail_seq  bigint;
	tail_hash text;
BEGIN
	SELECT seq, hash INTO tail_seq, tail_hash FROM console_audit ORDER BY seq DESC LIMIT 1;
	IF NEW.seq IS DISTINCT FROM coalesce(tail_seq, 0) + 1
	   OR NEW.prev_hash IS DISTINCT FROM coalesce(tail_hash, repeat('0', 64)) THEN
		RAISE EXCEPTION 'console_audit: a row must extend the chain';
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER console_audit_append_only BEFORE INSERT ON console_audit
	FOR EACH ROW EXECUTE FUNCTION console_audit_extend();
