-- Speed for large collections (issue 5, Performance; docs/PERFORMANCE.md).

-- The TAXII version of each object as the object wrote it (its modified, else created), so that a
-- page of a million-object collection is served without parsing every object. Rows stored before
-- this migration have none; the store reads their version from the object itself.
ALTER TABLE stix_object ADD COLUMN own_version VARCHAR(40);

-- (collection_id, object_id) is a prefix of the unique (collection_id, object_id, version) index,
-- which answers every lookup it did; keeping both only slowed every insert.
DROP INDEX stix_object_id_ix;

-- Whether a row is the latest version of its object in its collection (TAXII's match[version]
-- "last", the default), kept by the store as it writes, so that a page of latest versions needs no
-- lookup of each object's newest version.
ALTER TABLE stix_object ADD COLUMN latest BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE stix_object s SET latest = TRUE
WHERE version = (SELECT MAX(o.version) FROM stix_object o WHERE o.collection_id = s.collection_id AND o.object_id = s.object_id);

-- Writers to one collection take turns on its row here (made on first use), so that two of them
-- never both mark their version of one object the latest.
CREATE TABLE stix_collection_writer (
    collection_id UUID PRIMARY KEY
);
