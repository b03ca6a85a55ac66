-- The staff audit log: append-only and hash-chained. Each row's hash is
-- SHA-256 over the previous row's hash and this row's fields (see
-- chainHash in audit.go), so editing or removing a row in the middle is
-- detectable by VerifyChain even when the triggers below are bypassed.
CREATE TABLE staff_audit (
	seq       INTEGER PRIMARY KEY,          -- 1, 2, 3, ... without gaps
	at        TEXT    NOT NULL,             -- RFC 3339 with offset, as hashed
	staff_id  TEXT    NOT NULL,             -- a work number, never a name
	action    TEXT    NOT NULL,             -- an Action (Chinese label)
	detail    TEXT    NOT NULL DEFAULT '',  -- a Detail: safe values only
	prev_hash TEXT    NOT NULL,             -- hex; 64 zeros for seq 1
	hash      TEXT    NOT NULL UNIQUE       -- hex
) STRICT;

CREATE TRIGGER staff_audit_no_update BEFORE UPDATE ON staff_audit
BEGIN
	SELECT RAISE(ABORT, 'staff_audit is append-only: UPDATE refused');
END;

CREATE TRIGGER staff_audit_no_delete BEFORE DELETE ON staff_audit
BEGIN
	SELECT RAISE(ABORT, 'staff_audit is append-only: DELETE refused');
END;

-- A row may only extend the chain: the next seq, linked to the last hash.
CREATE TRIGGER staff_audit_append_only BEFORE INSERT ON staff_audit
WHEN NEW.seq IS NOT COALESCE((SELECT max(seq) FROM staff_audit), 0) + 1
  OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM staff_audit ORDER BY seq DESC LIMIT 1),
                                   '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
	SELECT RAISE(ABORT, 'staff_audit: a row must extend the chain');
END;
