-- A flattened, read-only view of the stored statements for BI tools (docs/analytics.md lists
-- each column). It adds no data: every column comes from lrs_statements. Voided statements
-- stay in the view with voided = 1, so a report chooses whether to count them.
-- JSON_VALUE returns text, so booleans become bit and scores float. DATEADD takes an int, so
-- stored_at_utc adds whole days and then the milliseconds of the last day.
CREATE VIEW xapi_statements_flat AS
SELECT
    s.seq AS seq,
    s.tenant AS district_id,
    s.statement_id AS statement_id,
    s.voided AS voided,
    s.stored_at_ms AS stored_at_ms,
    DATEADD(millisecond, CAST(s.stored_at_ms % 86400000 AS int), DATEADD(day, CAST(s.stored_at_ms / 86400000 AS int), CAST('1970-01-01' AS datetime2(3)))) AS stored_at_utc,
    JSON_VALUE(s.statement_json, '$.timestamp') AS statement_timestamp,
    COALESCE(JSON_VALUE(s.statement_json, '$.actor.objectType'), 'Agent') AS actor_object_type,
    JSON_VALUE(s.statement_json, '$.actor.name') AS actor_name,
    JSON_VALUE(s.statement_json, '$.actor.mbox') AS actor_mbox,
    JSON_VALUE(s.statement_json, '$.actor.account.homePage') AS actor_account_home_page,
    JSON_VALUE(s.statement_json, '$.actor.account.name') AS actor_account_name,
    JSON_VALUE(s.statement_json, '$.verb.id') AS verb_id,
    COALESCE(JSON_VALUE(s.statement_json, '$.object.objectType'), 'Activity') AS object_type,
    JSON_VALUE(s.statement_json, '$.object.id') AS object_id,
    JSON_VALUE(s.statement_json, '$.object.definition.type') AS object_activity_type,
    CAST(JSON_VALUE(s.statement_json, '$.result.success') AS bit) AS result_success,
    CAST(JSON_VALUE(s.statement_json, '$.result.completion') AS bit) AS result_completion,
    CAST(JSON_VALUE(s.statement_json, '$.result.score.scaled') AS float) AS result_score_scaled,
    CAST(JSON_VALUE(s.statement_json, '$.result.score.raw') AS float) AS result_score_raw,
    JSON_VALUE(s.statement_json, '$.result.duration') AS result_duration,
    JSON_VALUE(s.statement_json, '$.result.response') AS result_response,
    JSON_VALUE(s.statement_json, '$.context.registration') AS registration,
    JSON_VALUE(s.statement_json, '$.context.contextActivities.parent[0].id') AS context_parent_id
FROM lrs_statements s;
