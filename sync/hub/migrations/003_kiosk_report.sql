-- The health report a kiosk sends with its syncs (protocol.KioskReport, as
-- JSON) and when it arrived: app version, queue depth and oldest unsent
-- item, printer state, free disk.
ALTER TABLE kiosks ADD COLUMN report TEXT;
ALTER TABLE kiosks ADD COLUMN reported TEXT;
