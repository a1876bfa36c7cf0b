-- Catalog progress and module completions per cycle. A module in an annual pathway is done again
-- in each cycle of that pathway. cycle_start_ms is the cycle's start (Unix ms), or 0 for a module
-- that does not recur. Earlier cycles' rows stay, so transcripts keep every completion.
-- The primary keys of 0003 were created without names, so their generated names are looked up.
-- The statements after the ADD run through EXEC because a batch is compiled before the new
-- column exists.
ALTER TABLE catalog_progress ADD cycle_start_ms BIGINT NOT NULL CONSTRAINT df_catalog_progress_cycle DEFAULT 0;
ALTER TABLE catalog_module_completions ADD cycle_start_ms BIGINT NOT NULL CONSTRAINT df_catalog_module_completions_cycle DEFAULT 0;

DECLARE @progressKey SYSNAME = (SELECT name FROM sys.key_constraints WHERE type = 'PK' AND parent_object_id = OBJECT_ID('catalog_progress'));
EXEC ('ALTER TABLE catalog_progress DROP CONSTRAINT ' + @progressKey);
EXEC ('ALTER TABLE catalog_progress ADD CONSTRAINT pk_catalog_progress PRIMARY KEY (registration_id, user_ref, module_id, cycle_start_ms, activity_id)');

DECLARE @completionKey SYSNAME = (SELECT name FROM sys.key_constraints WHERE type = 'PK' AND parent_object_id = OBJECT_ID('catalog_module_completions'));
EXEC ('ALTER TABLE catalog_module_completions DROP CONSTRAINT ' + @completionKey);
EXEC ('ALTER TABLE catalog_module_completions ADD CONSTRAINT pk_catalog_module_completions PRIMARY KEY (registration_id, user_ref, module_id, cycle_start_ms)');
