-- Sharing on, executive delegation, reminders and escalation, and members' notices.
-- Written once for both H2 and PostgreSQL.

-- A copy someone passed on inside Tocsin (a share, or a delegation that gave the delegate a copy)
-- records who passed it on and when; copies from the frozen list have neither.
ALTER TABLE recipient ADD COLUMN shared_by UUID REFERENCES person (id);
ALTER TABLE recipient ADD COLUMN shared_at TIMESTAMP WITH TIME ZONE;
-- An executive's delegation of their acknowledgement and actions to a security lead.
ALTER TABLE recipient ADD COLUMN delegate_id UUID REFERENCES person (id);
ALTER TABLE recipient ADD COLUMN delegated_at TIMESTAMP WITH TIME ZONE;
-- Who acknowledged, when it was not the recipient (a delegate, on their behalf).
ALTER TABLE recipient ADD COLUMN acknowledged_by UUID REFERENCES person (id);
-- Follow-up: when the one reminder and the one escalation went out.
ALTER TABLE recipient ADD COLUMN reminded_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE recipient ADD COLUMN escalated_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX recipient_follow_up_ix ON recipient (state, delivered_at);

-- Who reported on an action, when it was not the recipient (a delegate, on their behalf).
ALTER TABLE recipient_action ADD COLUMN reported_by UUID REFERENCES person (id);

-- A members' notice is an advisory of kind NOTICE derived from another advisory: its own label,
-- audience, approval and copies; its readers get no access to the advisory it came from.
ALTER TABLE advisory ADD COLUMN kind VARCHAR(16) DEFAULT 'ADVISORY' NOT NULL;
ALTER TABLE advisory ADD COLUMN derived_from UUID REFERENCES advisory (id);
ALTER TABLE advisory ADD CONSTRAINT advisory_kind_ck CHECK (kind IN ('ADVISORY', 'NOTICE'));
ALTER TABLE advisory ADD CONSTRAINT advisory_notice_parent_ck CHECK ((kind = 'NOTICE') = (derived_from IS NOT NULL));
CREATE INDEX advisory_derived_from_ix ON advisory (derived_from);
