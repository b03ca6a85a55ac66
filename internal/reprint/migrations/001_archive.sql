-- The receipt archive: what a reprint needs, for a retention period.
-- The receipt model (which carries the verification code the rest of the
-- kiosk keeps only as a hash) is sealed with XChaCha20-Poly1305 under the
-- kiosk-local key DATA/receipt.key; only the tracking number and kind,
-- which the outbox already holds in the clear, are readable here.
CREATE TABLE reprint_receipts (
	tracking     TEXT    NOT NULL,              -- printed form, KKKK-YYMMDD-SSSS-C
	kind         TEXT    NOT NULL,              -- receipt.Kind*
	archived     INTEGER NOT NULL,              -- unix ms, kiosk clock
	expires      INTEGER NOT NULL,              -- unix ms; purged after this
	key_id       TEXT    NOT NULL,              -- which receipt.key sealed it (hex prefix of its SHA-256)
	nonce        BLOB    NOT NULL,              -- 24 bytes
	sealed       BLOB    NOT NULL,              -- the receipt as JSON, sealed
	prints       INTEGER NOT NULL DEFAULT 0,    -- copies printed successfully
	last_printed INTEGER NOT NULL DEFAULT 0,    -- unix ms
	failed_at    INTEGER NOT NULL DEFAULT 0,    -- unix ms of a failure not yet made good by a print; 0 when none
	failure      TEXT    NOT NULL DEFAULT '',   -- the staff message of that failure (Chinese)
	detail       TEXT    NOT NULL DEFAULT '',   -- what the printer or system said, for staff
	PRIMARY KEY (tracking, kind)
) STRICT;

CREATE INDEX reprint_receipts_expires ON reprint_receipts (expires);
CREATE INDEX reprint_receipts_failed ON reprint_receipts (failed_at) WHERE failed_at > 0;
