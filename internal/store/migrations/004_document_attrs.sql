-- 004: what the search's in-memory document table loads (cache.go) in an
-- index of its own, so that loading it reads a few megabytes instead of
-- every document row (each row holds the document's JSON, one or more
-- pages).
CREATE INDEX documents_attrs ON documents (published, category_id, validity);
