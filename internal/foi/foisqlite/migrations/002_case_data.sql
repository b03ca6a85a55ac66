-- Keep each case's JSON apart from the columns the register filters on,
-- so that a filter or a count over 50,000 cases scans small rows and
-- reads the JSON of only the page it shows; and index what the annual
-- report reads.
CREATE TABLE case_data (
	id   TEXT NOT NULL PRIMARY KEY REFERENCES cases (id),
	data TEXT NOT NULL
);
INSERT INTO case_data (id, data) SELECT id, data FROM cases;
ALTER TABLE cases DROP COLUMN data;
CREATE INDEX cases_report ON cases (received, signed, category, outcome);
-- Indexes that cover the register's usual filters and its order, so a
-- page is read from the index without a sort.
DROP INDEX cases_due;
CREATE INDEX cases_due ON cases (clock, due, received, id);
DROP INDEX cases_signed;
CREATE INDEX cases_open ON cases (signed, received, id);
DROP INDEX cases_dept;
CREATE INDEX cases_dept ON cases (dept, year, received, id);
CREATE INDEX cases_open_due ON cases (signed, due, received, id);
