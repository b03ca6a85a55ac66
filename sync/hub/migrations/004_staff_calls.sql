-- A visitor's 呼叫工作人员 at a kiosk (protocol.StaffCall): the screen and
-- step, when the kiosk says it was made and when it arrived; open until
-- staff mark it handled (by whom, when: the console's audit log has the
-- same). One open call per kiosk: a new call updates it.
CREATE TABLE staff_calls (
	id         INTEGER PRIMARY KEY,
	kiosk_id   TEXT NOT NULL REFERENCES kiosks (id),
	screen     TEXT NOT NULL,
	called     TEXT NOT NULL,
	received   TEXT NOT NULL,
	handled    TEXT,
	handled_by TEXT
);
CREATE UNIQUE INDEX staff_calls_open ON staff_calls (kiosk_id) WHERE handled IS NULL;
