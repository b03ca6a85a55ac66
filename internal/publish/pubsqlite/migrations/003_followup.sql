-- 办事堵点 and 好差评: who handles each report or rating, the reply, and for
-- a bad rating the 整改 and the 回访.
CREATE TABLE works (
	tracking      TEXT PRIMARY KEY,
	assignee      TEXT NOT NULL DEFAULT '',
	reply         TEXT NOT NULL DEFAULT '',
	replied_at    TEXT NOT NULL DEFAULT '',
	replied_by    TEXT NOT NULL DEFAULT '',
	rectification TEXT NOT NULL DEFAULT '',
	rectified_at  TEXT NOT NULL DEFAULT '',
	rectified_by  TEXT NOT NULL DEFAULT '',
	callback      TEXT NOT NULL DEFAULT '',
	called_at     TEXT NOT NULL DEFAULT '',
	called_by     TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
