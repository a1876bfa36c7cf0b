-- Evidence per cycle. A module in an annual pathway is done again in each cycle of that pathway,
-- so a learner has one submission per evidence activity and cycle, each with its own revisions
-- and reviews. cycle_start_ms is the cycle's start (Unix ms), or 0 for a module that does not
-- recur; rows from before this migration belong to cycle 0.
-- The unique key of 0030 was created without a name, so its generated name is looked up. The
-- statements after the ADD run through EXEC because a batch is compiled before the new column
-- exists.
ALTER TABLE evidence_submissions ADD cycle_start_ms BIGINT NOT NULL CONSTRAINT df_evidence_submissions_cycle DEFAULT 0;

DECLARE @evidenceKey SYSNAME = (SELECT name FROM sys.key_constraints WHERE type = 'UQ' AND parent_object_id = OBJECT_ID('evidence_submissions'));
EXEC ('ALTER TABLE evidence_submissions DROP CONSTRAINT ' + @evidenceKey);
EXEC ('ALTER TABLE evidence_submissions ADD CONSTRAINT ux_evidence_submissions_cycle UNIQUE (registration_id, user_ref, module_id, activity_id, cycle_start_ms)');
