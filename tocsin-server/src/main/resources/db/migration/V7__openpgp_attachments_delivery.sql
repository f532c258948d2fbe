-- OpenPGP mail, crash-safe sending, and attachments of advisories.
-- Written once for both H2 and PostgreSQL: only types and syntax the two share.

-- The service's signing key: made once by the first instance that needs it (id is always 1); the
-- secret key is armoured and, outside the bare default mode, encrypted under the service's secret.
CREATE TABLE openpgp_service_key (
    id INTEGER PRIMARY KEY,
    secret_key VARCHAR(20000) NOT NULL,
    fingerprint VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A person's OpenPGP public key, uploaded on their profile: one per person.
CREATE TABLE person_openpgp_key (
    person_id UUID PRIMARY KEY REFERENCES person (id),
    armoured VARCHAR(70000) NOT NULL,
    fingerprint VARCHAR(64) NOT NULL,
    user_ids VARCHAR(2000) NOT NULL,
    algorithm VARCHAR(40) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    uploaded_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The outbox: an encrypted message keeps only its ciphertext; every attempt claims the message
-- with a lease and sends the bytes fixed at the first attempt (mime, with message_id).
ALTER TABLE mail_outbox ADD COLUMN encrypted VARCHAR(2000000);
ALTER TABLE mail_outbox ADD COLUMN encrypted_to VARCHAR(64);
ALTER TABLE mail_outbox ADD COLUMN mime VARCHAR(2100000);
ALTER TABLE mail_outbox ADD COLUMN message_id VARCHAR(200);
ALTER TABLE mail_outbox ADD COLUMN sending_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE mail_outbox ADD COLUMN sending_by VARCHAR(100);
ALTER TABLE mail_outbox ADD COLUMN in_doubt INTEGER DEFAULT 0 NOT NULL;
CREATE INDEX mail_outbox_created_ix ON mail_outbox (created_at);

-- Attachments of an advisory: part of every version from the one they were added in, until the
-- version they were removed in (exclusive). Content type is decided by Tocsin from the content.
CREATE TABLE advisory_attachment (
    id UUID PRIMARY KEY,
    advisory_id UUID NOT NULL REFERENCES advisory (id),
    added_in INTEGER NOT NULL,
    removed_in INTEGER,
    file_name VARCHAR(200) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 VARCHAR(64) NOT NULL,
    content BYTEA NOT NULL,
    uploaded_by UUID NOT NULL REFERENCES person (id),
    uploaded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    FOREIGN KEY (advisory_id, added_in) REFERENCES advisory_version (advisory_id, version),
    CONSTRAINT advisory_attachment_kind_ck CHECK (kind IN ('PDF', 'TEXT', 'STIX'))
);
CREATE INDEX advisory_attachment_advisory_ix ON advisory_attachment (advisory_id);
