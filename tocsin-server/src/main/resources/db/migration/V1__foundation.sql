-- Foundation schema: membership, credentials, audit trail, mail outbox, cluster locks, sessions.
-- Written once for both H2 and PostgreSQL: only types and syntax the two share.

CREATE TABLE sector (
    slug VARCHAR(32) PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);

INSERT INTO sector (slug, name) VALUES
    ('banking', 'Banking and finance'),
    ('insurance', 'Insurance'),
    ('accountancy', 'Accountancy'),
    ('legal', 'Legal'),
    ('telecoms', 'Telecommunications'),
    ('water', 'Water'),
    ('energy', 'Energy'),
    ('transport', 'Transport'),
    ('health', 'Health'),
    ('government', 'Government'),
    ('defence', 'Defence'),
    ('other', 'Other');

CREATE TABLE organisation (
    id UUID PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    status VARCHAR(16) NOT NULL,
    is_authority BOOLEAN NOT NULL,
    sponsor_id UUID REFERENCES organisation (id),
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL,
    approved_at TIMESTAMP WITH TIME ZONE,
    suspended_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT organisation_status_ck CHECK (status IN ('APPLIED', 'APPROVED', 'SUSPENDED')),
    CONSTRAINT organisation_name_uq UNIQUE (name)
);

CREATE TABLE organisation_sector (
    organisation_id UUID NOT NULL REFERENCES organisation (id),
    sector_slug VARCHAR(32) NOT NULL REFERENCES sector (slug),
    PRIMARY KEY (organisation_id, sector_slug)
);

CREATE TABLE person (
    id UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisation (id),
    username VARCHAR(254) NOT NULL,
    display_name VARCHAR(100) NOT NULL,
    status VARCHAR(16) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_active_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT person_status_ck CHECK (status IN ('ACTIVE', 'SUSPENDED', 'REMOVED')),
    CONSTRAINT person_username_uq UNIQUE (username)
);
CREATE INDEX person_organisation_ix ON person (organisation_id);

CREATE TABLE person_role (
    person_id UUID NOT NULL REFERENCES person (id),
    role VARCHAR(32) NOT NULL,
    PRIMARY KEY (person_id, role)
);

CREATE TABLE invitation (
    id UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisation (id),
    email VARCHAR(254) NOT NULL,
    display_name VARCHAR(100) NOT NULL,
    roles VARCHAR(200) NOT NULL,
    token_hash CHAR(64) NOT NULL,
    invited_by UUID NOT NULL REFERENCES person (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    accepted_at TIMESTAMP WITH TIME ZONE,
    revoked_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT invitation_token_uq UNIQUE (token_hash)
);

CREATE TABLE credential (
    person_id UUID PRIMARY KEY REFERENCES person (id),
    password_hash VARCHAR(200) NOT NULL,
    totp_secret VARCHAR(200),
    totp_pending_secret VARCHAR(200),
    totp_enrolled_at TIMESTAMP WITH TIME ZONE,
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP WITH TIME ZONE
);

CREATE TABLE recovery_code (
    person_id UUID NOT NULL REFERENCES person (id),
    code_hash CHAR(64) NOT NULL,
    used_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (person_id, code_hash)
);

CREATE TABLE api_token (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person (id),
    name VARCHAR(100) NOT NULL,
    token_hash CHAR(64) NOT NULL,
    read_only BOOLEAN NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_token_hash_uq UNIQUE (token_hash)
);
CREATE INDEX api_token_person_ix ON api_token (person_id);

-- Append-only, hash-chained. audit_head holds the tip of the chain and is locked by every append,
-- so entries from several server instances are written one after another.
CREATE TABLE audit_entry (
    seq BIGINT PRIMARY KEY,
    at TIMESTAMP WITH TIME ZONE NOT NULL,
    actor VARCHAR(254) NOT NULL,
    action VARCHAR(64) NOT NULL,
    target VARCHAR(254) NOT NULL,
    outcome VARCHAR(16) NOT NULL,
    detail VARCHAR(2000) NOT NULL,
    source VARCHAR(64) NOT NULL,
    prev_hash CHAR(64) NOT NULL,
    hash CHAR(64) NOT NULL
);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    last_hash CHAR(64) NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE mail_outbox (
    id UUID PRIMARY KEY,
    idempotency_key VARCHAR(200) NOT NULL,
    recipient VARCHAR(254) NOT NULL,
    subject VARCHAR(200) NOT NULL,
    body VARCHAR(20000) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at TIMESTAMP WITH TIME ZONE,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error VARCHAR(500),
    CONSTRAINT mail_outbox_key_uq UNIQUE (idempotency_key)
);

CREATE TABLE cluster_lock (
    name VARCHAR(64) PRIMARY KEY,
    locked_until TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_by VARCHAR(100) NOT NULL
);

-- Spring Session JDBC (its own schema for PostgreSQL; BYTEA is understood by H2 as well).
CREATE TABLE SPRING_SESSION (
    PRIMARY_ID CHAR(36) NOT NULL,
    SESSION_ID CHAR(36) NOT NULL,
    CREATION_TIME BIGINT NOT NULL,
    LAST_ACCESS_TIME BIGINT NOT NULL,
    MAX_INACTIVE_INTERVAL INT NOT NULL,
    EXPIRY_TIME BIGINT NOT NULL,
    PRINCIPAL_NAME VARCHAR(100),
    CONSTRAINT SPRING_SESSION_PK PRIMARY KEY (PRIMARY_ID)
);
CREATE UNIQUE INDEX SPRING_SESSION_IX1 ON SPRING_SESSION (SESSION_ID);
CREATE INDEX SPRING_SESSION_IX2 ON SPRING_SESSION (EXPIRY_TIME);
CREATE INDEX SPRING_SESSION_IX3 ON SPRING_SESSION (PRINCIPAL_NAME);

CREATE TABLE SPRING_SESSION_ATTRIBUTES (
    SESSION_PRIMARY_ID CHAR(36) NOT NULL,
    ATTRIBUTE_NAME VARCHAR(200) NOT NULL,
    ATTRIBUTE_BYTES BYTEA NOT NULL,
    CONSTRAINT SPRING_SESSION_ATTRIBUTES_PK PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),
    CONSTRAINT SPRING_SESSION_ATTRIBUTES_FK FOREIGN KEY (SESSION_PRIMARY_ID)
        REFERENCES SPRING_SESSION (PRIMARY_ID) ON DELETE CASCADE
);
