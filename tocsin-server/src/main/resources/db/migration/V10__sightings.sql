-- Sightings members report to the authority (issue 6). For each sighting version stored in the
-- submissions collection: what it is a sighting of, how many times, first and last seen, read
-- from the object once as it is stored, so that the authority's overview need not parse every
-- object again. Who sent it, with which consent and label, and whether it is the latest version,
-- stay in stix_object (owner_organisation, attribution, tlp, latest).
CREATE TABLE sighting (
    object_seq BIGINT PRIMARY KEY REFERENCES stix_object (seq) ON DELETE CASCADE,
    sighting_of_ref VARCHAR(300) NOT NULL,
    sighting_count BIGINT NOT NULL,
    first_seen TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sighting_last_seen_ix ON sighting (last_seen);
