-- Catalog progress and module completions per cycle. A module in an annual pathway is done again
-- in each cycle of that pathway. cycle_start_ms is the cycle's start (Unix ms), or 0 for a module
-- that does not recur. Earlier cycles' rows stay, so transcripts keep every completion.
ALTER TABLE catalog_progress ADD COLUMN cycle_start_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE catalog_progress DROP CONSTRAINT catalog_progress_pkey;
ALTER TABLE catalog_progress ADD CONSTRAINT catalog_progress_pkey PRIMARY KEY (registration_id, user_ref, module_id, cycle_start_ms, activity_id);

ALTER TABLE catalog_module_completions ADD COLUMN cycle_start_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE catalog_module_completions DROP CONSTRAINT catalog_module_completions_pkey;
ALTER TABLE catalog_module_completions ADD CONSTRAINT catalog_module_completions_pkey PRIMARY KEY (registration_id, user_ref, module_id, cycle_start_ms);
