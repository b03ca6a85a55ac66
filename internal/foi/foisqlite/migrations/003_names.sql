-- Table names that say whose they are: on a hub on PostgreSQL the
-- register shares one database with the catalogue, the submissions and
-- the console (pgmigrations/), where "meta", "files" and "templates"
-- would be anyone's. foi.db takes the same names so that the store's
-- queries are written once.
ALTER TABLE meta RENAME TO foi_meta;
ALTER TABLE files RENAME TO case_files;
ALTER TABLE templates RENAME TO letter_templates;
