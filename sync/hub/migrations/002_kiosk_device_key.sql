-- The kiosk's Ed25519 device public key, recorded at enrolment so a kiosk
-- that never syncs can still have its USB export verified. NULL for a
-- kiosk enrolled before this column (its key, if any, is in the
-- submissions database's device_keys, registered with PUT /v1/device-key).
ALTER TABLE kiosks ADD COLUMN device_key BLOB;
