-- Whether the deadline the hub last reported (status_deadline) is
-- provisional: a 需补正 restart or 已延期 counted past the hub's
-- working-day calendar. Without it the kiosk showed such a deadline as final.
ALTER TABLE outbox_records ADD COLUMN status_provisional INTEGER NOT NULL DEFAULT 0;
