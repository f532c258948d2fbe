-- Advisories: versions with their content, actions and audience; the recipients frozen at each
-- publication, with their acknowledgement and the status of each action.
-- Written once for both H2 and PostgreSQL: only types and syntax the two share.

CREATE TABLE advisory (
    id UUID PRIMARY KEY,
    author_id UUID NOT NULL REFERENCES person (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the version being worked on (or the last one published); published_version is what readers see
    current_version INTEGER NOT NULL,
    published_version INTEGER,
    withdrawn_at TIMESTAMP WITH TIME ZONE,
    withdrawn_by UUID REFERENCES person (id)
);

CREATE TABLE advisory_version (
    advisory_id UUID NOT NULL REFERENCES advisory (id),
    version INTEGER NOT NULL,
    status VARCHAR(16) NOT NULL,
    title VARCHAR(200) NOT NULL,
    tlp VARCHAR(20) NOT NULL,
    severity VARCHAR(16) NOT NULL,
    confidence INTEGER,
    summary VARCHAR(2000) NOT NULL,
    body VARCHAR(100000) NOT NULL,
    annex VARCHAR(100000) NOT NULL,
    -- the fields changed since the version before, comma-separated; empty for the first version
    changes VARCHAR(500) NOT NULL,
    created_by UUID NOT NULL REFERENCES person (id),
    edited_at TIMESTAMP WITH TIME ZONE NOT NULL,
    submitted_at TIMESTAMP WITH TIME ZONE,
    approved_by UUID REFERENCES person (id),
    approved_at TIMESTAMP WITH TIME ZONE,
    published_by UUID REFERENCES person (id),
    published_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (advisory_id, version),
    CONSTRAINT advisory_version_status_ck CHECK (status IN ('DRAFT', 'IN_REVIEW', 'APPROVED', 'PUBLISHED')),
    CONSTRAINT advisory_version_tlp_ck CHECK (tlp IN ('TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED')),
    CONSTRAINT advisory_version_severity_ck CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    CONSTRAINT advisory_version_confidence_ck CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 100))
);

-- Everyone who wrote a version: none of them may approve it (four-eyes).
CREATE TABLE advisory_editor (
    advisory_id UUID NOT NULL,
    version INTEGER NOT NULL,
    person_id UUID NOT NULL REFERENCES person (id),
    PRIMARY KEY (advisory_id, version, person_id),
    FOREIGN KEY (advisory_id, version) REFERENCES advisory_version (advisory_id, version)
);

CREATE TABLE advisory_action (
    advisory_id UUID NOT NULL,
    version INTEGER NOT NULL,
    n INTEGER NOT NULL,
    action_text VARCHAR(500) NOT NULL,
    owner_role VARCHAR(32) NOT NULL,
    due_days INTEGER NOT NULL,
    PRIMARY KEY (advisory_id, version, n),
    FOREIGN KEY (advisory_id, version) REFERENCES advisory_version (advisory_id, version)
);

-- The audience: sectors, organisations and named people, narrowed by roles when any are given.
CREATE TABLE advisory_sector (
    advisory_id UUID NOT NULL,
    version INTEGER NOT NULL,
    sector_slug VARCHAR(32) NOT NULL REFERENCES sector (slug),
    PRIMARY KEY (advisory_id, version, sector_slug),
    FOREIGN KEY (advisory_id, version) REFERENCES advisory_version (advisory_id, version)
);

CREATE TABLE advisory_organisation (
    advisory_id UUID NOT NULL,
    version INTEGER NOT NULL,
    organisation_id UUID NOT NULL REFERENCES organisation (id),
    PRIMARY KEY (advisory_id, version, organisation_id),
    FOREIGN KEY (advisory_id, version) REFERENCES advisory_version (advisory_id, version)
);

CREATE TABLE advisory_person (
    advisory_id UUID NOT NULL,
    version INTEGER NOT NULL,
    person_id UUID NOT NULL REFERENCES person (id),
    PRIMARY KEY (advisory_id, version, person_id),
    FOREIGN KEY (advisory_id, version) REFERENCES advisory_version (advisory_id, version)
);

CREATE TABLE advisory_role (
    advisory_id UUID NOT NULL,
    version INTEGER NOT NULL,
    role VARCHAR(32) NOT NULL,
    PRIMARY KEY (advisory_id, version, role),
    FOREIGN KEY (advisory_id, version) REFERENCES advisory_version (advisory_id, version)
);

-- One row per person on the list frozen at a version's publication: their copy.
CREATE TABLE recipient (
    advisory_id UUID NOT NULL,
    version INTEGER NOT NULL,
    person_id UUID NOT NULL REFERENCES person (id),
    organisation_id UUID NOT NULL REFERENCES organisation (id),
    username VARCHAR(254) NOT NULL,
    copy_serial VARCHAR(16) NOT NULL,
    state VARCHAR(16) NOT NULL,
    delivered_at TIMESTAMP WITH TIME ZONE NOT NULL,
    viewed_at TIMESTAMP WITH TIME ZONE,
    acknowledged_at TIMESTAMP WITH TIME ZONE,
    ack_comment VARCHAR(1000),
    PRIMARY KEY (advisory_id, version, person_id),
    FOREIGN KEY (advisory_id, version) REFERENCES advisory_version (advisory_id, version),
    CONSTRAINT recipient_serial_uq UNIQUE (copy_serial),
    CONSTRAINT recipient_state_ck CHECK (state IN ('DELIVERED', 'VIEWED', 'ACKNOWLEDGED'))
);
CREATE INDEX recipient_person_ix ON recipient (person_id);

CREATE TABLE recipient_action (
    advisory_id UUID NOT NULL,
    version INTEGER NOT NULL,
    person_id UUID NOT NULL,
    n INTEGER NOT NULL,
    status VARCHAR(16) NOT NULL,
    comment VARCHAR(1000),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (advisory_id, version, person_id, n),
    FOREIGN KEY (advisory_id, version, person_id) REFERENCES recipient (advisory_id, version, person_id),
    FOREIGN KEY (advisory_id, version, n) REFERENCES advisory_action (advisory_id, version, n),
    CONSTRAINT recipient_action_status_ck CHECK (status IN ('NOT_STARTED', 'IN_PROGRESS', 'DONE', 'NOT_APPLICABLE'))
);
