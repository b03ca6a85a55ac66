-- A visitor's 呼叫工作人员 at a kiosk (protocol.StaffCall), as SQLite's
-- migration 004: open until staff mark it handled; one open call per kiosk.
CREATE TABLE staff_calls (
	id         bigserial PRIMARY KEY,
	kiosk_id   text NOT NULL REFERENCES kiosks (id),
	screen     text NOT NULL,
	called     timestamptz NOT NULL,
	received   timestamptz NOT NULL,
	handled    timestamptz,
	handled_by text
);
CREATE UNIQUE INDEX staff_calls_open ON staff_calls (kiosk_id) WHERE handled IS NULL;
