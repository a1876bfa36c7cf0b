-- A flattened, read-only view of the stored statements for BI tools (docs/analytics.md lists
-- each column). It adds no data: every column comes from lrs_statements. Voided statements
-- stay in the view with voided = 1, so a report chooses whether to count them.
-- SQLite's json_extract returns 1 and 0 for JSON true and false.
CREATE VIEW xapi_statements_flat AS
SELECT
    s.seq AS seq,
    s.tenant AS district_id,
    s.statement_id AS statement_id,
    s.voided AS voided,
    s.stored_at_ms AS stored_at_ms,
    datetime(s.stored_at_ms / 1000, 'unixepoch') AS stored_at_utc,
    json_extract(s.statement_json, '$.timestamp') AS statement_timestamp,
    COALESCE(json_extract(s.statement_json, '$.actor.objectType'), 'Agent') AS actor_object_type,
    json_extract(s.statement_json, '$.actor.name') AS actor_name,
    json_extract(s.statement_json, '$.actor.mbox') AS actor_mbox,
    json_extract(s.statement_json, '$.actor.account.homePage') AS actor_account_home_page,
    json_extract(s.statement_json, '$.actor.account.name') AS actor_account_name,
    json_extract(s.statement_json, '$.verb.id') AS verb_id,
    COALESCE(json_extract(s.statement_json, '$.object.objectType'), 'Activity') AS object_type,
    json_extract(s.statement_json, '$.object.id') AS object_id,
    json_extract(s.statement_json, '$.object.definition.type') AS object_activity_type,
    json_extract(s.statement_json, '$.result.success') AS result_success,
    json_extract(s.statement_json, '$.result.completion') AS result_completion,
    json_extract(s.statement_json, '$.result.score.scaled') AS result_score_scaled,
    json_extract(s.statement_json, '$.result.score.raw') AS result_score_raw,
    json_extract(s.statement_json, '$.result.duration') AS result_duration,
    json_extract(s.statement_json, '$.result.response') AS result_response,
    json_extract(s.statement_json, '$.context.registration') AS registration,
    json_extract(s.statement_json, '$.context.contextActivities.parent[0].id') AS context_parent_id
FROM lrs_statements s;
