-- Gamification engine state. Every row but the source checkpoints carries its tenant (district)
-- key, and every query filters on it. Times are Unix milliseconds UTC.

CREATE TABLE gamification_checkpoints (
    source_name TEXT NOT NULL PRIMARY KEY,
    watermark TEXT NULL,
    updated_at_ms INTEGER NOT NULL
);

-- The engine's copy of every statement it processed, in processing order, so a rebuild or a
-- rule change replays the same stream without the LRS.
CREATE TABLE gamification_statements (
    tenant_id TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    stored_at_ms INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    processed_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, statement_id),
    UNIQUE (tenant_id, position)
);

CREATE TABLE gamification_voided (
    tenant_id TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    voiding_statement_id TEXT NOT NULL,
    recorded_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, statement_id)
);

-- award_key is the SHA-256 of (user, rule, item): the unique key that makes every award
-- exactly-once across replays, restarts and concurrent engines.
CREATE TABLE gamification_ledger (
    tenant_id TEXT NOT NULL,
    award_key TEXT NOT NULL,
    user_id TEXT NOT NULL,
    rule_key TEXT NOT NULL,
    item_id TEXT NOT NULL,
    points INTEGER NOT NULL,
    status TEXT NOT NULL,
    capped INTEGER NOT NULL,
    reason TEXT NOT NULL,
    source_statement_id TEXT NULL,
    reverses_award_key TEXT NULL,
    course_id TEXT NULL,
    school_id TEXT NULL,
    local_day INTEGER NOT NULL,
    awarded_at_ms INTEGER NOT NULL,
    position INTEGER NOT NULL,
    recorded_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, award_key)
);
CREATE INDEX ix_gamification_ledger_user ON gamification_ledger (tenant_id, user_id, awarded_at_ms);
CREATE INDEX ix_gamification_ledger_source ON gamification_ledger (tenant_id, source_statement_id);
CREATE INDEX ix_gamification_ledger_reverses ON gamification_ledger (tenant_id, reverses_award_key);

CREATE TABLE gamification_participants (
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    home_page TEXT NOT NULL,
    account_name TEXT NOT NULL,
    display_name TEXT NULL,
    role TEXT NOT NULL,
    leaderboard_opt_in INTEGER NOT NULL,
    school_id TEXT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE gamification_levels (
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    level INTEGER NOT NULL,
    reached_at_ms INTEGER NOT NULL,
    source_statement_id TEXT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, user_id, level)
);

CREATE TABLE gamification_badges (
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    badge_id TEXT NOT NULL,
    awarded_at_ms INTEGER NOT NULL,
    source_statement_id TEXT NULL,
    position INTEGER NOT NULL,
    narrative TEXT NOT NULL,
    PRIMARY KEY (tenant_id, user_id, badge_id)
);

CREATE TABLE gamification_rule_sets (
    tenant_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    rules_json TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, version)
);

-- Reviewer and admin decisions on awards. They outlive rebuilds: a replay applies each one
-- after the statement position at which it was made.
CREATE TABLE gamification_decisions (
    tenant_id TEXT NOT NULL,
    decision_id TEXT NOT NULL,
    award_key TEXT NOT NULL,
    decision TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    after_position INTEGER NOT NULL,
    decided_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, decision_id),
    UNIQUE (tenant_id, award_key, decision)
);

CREATE TABLE gamification_audit (
    tenant_id TEXT NOT NULL,
    audit_id TEXT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    award_key TEXT NULL,
    detail TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, audit_id)
);

CREATE TABLE gamification_outbox (
    tenant_id TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    user_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    sent_at_ms INTEGER NULL,
    PRIMARY KEY (tenant_id, statement_id)
);

CREATE TABLE gamification_streak_pauses (
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    week_start_day INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, user_id, week_start_day)
);

CREATE TABLE gamification_challenges (
    tenant_id TEXT NOT NULL,
    challenge_id TEXT NOT NULL,
    name TEXT NOT NULL,
    mode TEXT NOT NULL,
    starts_at_ms INTEGER NOT NULL,
    ends_at_ms INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, challenge_id)
);

CREATE TABLE gamification_challenge_members (
    tenant_id TEXT NOT NULL,
    challenge_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    team_id TEXT NULL,
    PRIMARY KEY (tenant_id, challenge_id, user_id)
);

CREATE TABLE gamification_challenge_winners (
    tenant_id TEXT NOT NULL,
    challenge_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    team_id TEXT NULL,
    points INTEGER NOT NULL,
    decided_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, challenge_id, user_id)
);
