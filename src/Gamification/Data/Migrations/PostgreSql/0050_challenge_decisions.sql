-- The challenge decision worker looks for challenges whose window has ended and that have no
-- decision yet (closed_at_ms is set in the transaction that records the winners). The index holds
-- only undecided challenges, so the check stays small however many challenges a district has run.
CREATE INDEX ix_gamification_challenges_undecided
    ON gamification_challenges (ends_at_ms, tenant_id, challenge_id)
    WHERE closed_at_ms IS NULL;
