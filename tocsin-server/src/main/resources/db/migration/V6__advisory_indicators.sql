-- The STIX indicators an advisory's technical annex refers to; exported as a STIX report.
CREATE TABLE advisory_indicator (
    advisory_id UUID NOT NULL REFERENCES advisory (id),
    indicator_id VARCHAR(300) NOT NULL,
    PRIMARY KEY (advisory_id, indicator_id)
);
