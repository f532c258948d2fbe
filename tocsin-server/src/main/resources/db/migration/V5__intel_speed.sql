-- Speed for large collections (issue 5, Performance; docs/PERFORMANCE.md).

-- The TAXII version of each object as the object wrote it (its modified, else created), so that a
-- page of a million-object collection is served without parsing every object. Rows stored before
-- this migration have none; the store reads their version from the object itself.
ALTER TABLE stix_object ADD COLUMN own_version VARCHAR(40);

-- (collection_id, object_id) is a prefix of the unique (collection_id, object_id, version) index,
-- which answers every lookup it did; keeping both only slowed every insert.
DROP INDEX stix_object_id_ix;
