-- When the kiosk's block of an event lapses (Unix ms, the latest grant's
-- expiry; 0: never). After it the kiosk waitlists every sign-up until the
-- hub grants seats again, because the hub takes the unused seats back.
ALTER TABLE outbox_seats ADD COLUMN expires_ms INTEGER NOT NULL DEFAULT 0;

-- 1 when the hub turned a sign-up this kiosk confirmed into 候补 (its block
-- had expired): its seats no longer count as used here, and a later
-- cancellation must not give them back a second time.
ALTER TABLE outbox_records ADD COLUMN seat_released INTEGER NOT NULL DEFAULT 0;
