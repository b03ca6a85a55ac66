-- A 前台 account's own kiosk PIN: its 工号 (typed on the kiosks' digit pad)
-- and the Argon2id hash of the PIN (internal/password, the kiosks' staff
-- PIN parameters). The hub publishes 工号, name and hash to the kiosks
-- through the signed sync; the PIN itself is stored nowhere.
ALTER TABLE accounts ADD COLUMN staff_no TEXT NOT NULL DEFAULT '';        -- the 工号; '' if none
ALTER TABLE accounts ADD COLUMN kiosk_pin_hash TEXT NOT NULL DEFAULT '';  -- '' if no kiosk PIN
ALTER TABLE accounts ADD COLUMN kiosk_pin_set TEXT NOT NULL DEFAULT '';   -- RFC 3339, when it was set

CREATE UNIQUE INDEX accounts_staff_no ON accounts (staff_no) WHERE staff_no <> '';
