-- Events: sign-ups checked in at the door, once each.
CREATE TABLE checkins (
	tracking TEXT PRIMARY KEY,
	event_id TEXT NOT NULL,
	at       TEXT NOT NULL,
	by_login TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX checkins_event ON checkins (event_id);
