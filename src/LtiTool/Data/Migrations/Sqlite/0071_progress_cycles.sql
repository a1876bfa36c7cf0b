-- Catalog progress and module completions per cycle. A module in an annual pathway is done again
-- in each cycle of that pathway. cycle_start_ms is the cycle's start (Unix ms), or 0 for a module
-- that does not recur. Earlier cycles' rows stay, so transcripts keep every completion.
-- SQLite cannot change a primary key in place, so both tables are rebuilt with their rows.
CREATE TABLE catalog_progress_by_cycle (
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    user_ref TEXT NOT NULL REFERENCES lti_users (id),
    module_id TEXT NOT NULL,
    cycle_start_ms INTEGER NOT NULL DEFAULT 0,
    activity_id TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_score_percent INTEGER NULL,
    best_score_percent INTEGER NULL,
    response TEXT NULL,
    first_done_at_ms INTEGER NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (registration_id, user_ref, module_id, cycle_start_ms, activity_id)
);
INSERT INTO catalog_progress_by_cycle (registration_id, user_ref, module_id, cycle_start_ms, activity_id, status, attempts,
    last_score_percent, best_score_percent, response, first_done_at_ms, updated_at_ms)
SELECT registration_id, user_ref, module_id, 0, activity_id, status, attempts,
    last_score_percent, best_score_percent, response, first_done_at_ms, updated_at_ms FROM catalog_progress;
DROP TABLE catalog_progress;
ALTER TABLE catalog_progress_by_cycle RENAME TO catalog_progress;

CREATE TABLE catalog_module_completions_by_cycle (
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    user_ref TEXT NOT NULL REFERENCES lti_users (id),
    module_id TEXT NOT NULL,
    cycle_start_ms INTEGER NOT NULL DEFAULT 0,
    points_earned INTEGER NOT NULL,
    completed_at_ms INTEGER NOT NULL,
    PRIMARY KEY (registration_id, user_ref, module_id, cycle_start_ms)
);
INSERT INTO catalog_module_completions_by_cycle (registration_id, user_ref, module_id, cycle_start_ms, points_earned, completed_at_ms)
SELECT registration_id, user_ref, module_id, 0, points_earned, completed_at_ms FROM catalog_module_completions;
DROP TABLE catalog_module_completions;
ALTER TABLE catalog_module_completions_by_cycle RENAME TO catalog_module_completions;
