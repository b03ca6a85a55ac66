-- 003: the search index keeps trigram positions inline in its lists
-- (index.go), so the bigram-position index is dropped; the store rebuilds
-- the index from the stored documents when it opens (rebuild.go).
DELETE FROM search_blocks;
DELETE FROM search_segments;
DROP TABLE search_positions;
INSERT INTO meta (key, value) VALUES ('search_rebuild', '0')
	ON CONFLICT (key) DO UPDATE SET value = excluded.value;
