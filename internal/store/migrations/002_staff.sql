-- 002: the front-desk staff list the hub publishes (change kind "staff",
-- sync/protocol's StaffMember): each member's 工号, display name and the
-- Argon2id hash of their own kiosk PIN, or that they are disabled.
-- internal/staff checks logins against it. data keeps the exact bytes the
-- hub sent, as for catalogue objects, so the digest matches the hub's.
CREATE TABLE staff_members (
	id       TEXT PRIMARY KEY,           -- the 工号
	disabled INTEGER NOT NULL DEFAULT 0,
	data     BLOB NOT NULL
);
