-- Leak attribution (issue 4): each advisory's fingerprint key and the table of who was given which
-- copy, kept apart from the advisories' content. Keys and seeds are sealed with AES-256-GCM under the
-- service's secret key; a copy's codeword is computed from the two.
CREATE TABLE leak_key (
    advisory_id UUID PRIMARY KEY,
    sealed_key VARCHAR(200) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE leak_copy (
    id UUID PRIMARY KEY,
    advisory_id UUID NOT NULL,
    person_id UUID NOT NULL,
    username VARCHAR(320) NOT NULL,
    organisation_id UUID NOT NULL,
    parent_id UUID REFERENCES leak_copy (id),
    sealed_seed VARCHAR(200) NOT NULL,
    first_version INTEGER NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT leak_copy_once UNIQUE (advisory_id, person_id)
);
