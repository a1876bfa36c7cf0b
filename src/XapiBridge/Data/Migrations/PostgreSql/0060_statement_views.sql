-- A flattened, read-only view of the stored statements for BI tools (docs/analytics.md lists
-- each column). It adds no data: every column comes from lrs_statements. Voided statements
-- stay in the view with voided = 1, so a report chooses whether to count them.
-- statement_json is TEXT, so it is parsed once per row in the inner query.
CREATE VIEW xapi_statements_flat AS
SELECT
    s.seq AS seq,
    s.tenant AS district_id,
    s.statement_id AS statement_id,
    s.voided AS voided,
    s.stored_at_ms AS stored_at_ms,
    to_timestamp(s.stored_at_ms / 1000.0) AS stored_at_utc,
    s.j ->> 'timestamp' AS statement_timestamp,
    COALESCE(s.j -> 'actor' ->> 'objectType', 'Agent') AS actor_object_type,
    s.j -> 'actor' ->> 'name' AS actor_name,
    s.j -> 'actor' ->> 'mbox' AS actor_mbox,
    s.j -> 'actor' -> 'account' ->> 'homePage' AS actor_account_home_page,
    s.j -> 'actor' -> 'account' ->> 'name' AS actor_account_name,
    s.j -> 'verb' ->> 'id' AS verb_id,
    COALESCE(s.j -> 'object' ->> 'objectType', 'Activity') AS object_type,
    s.j -> 'object' ->> 'id' AS object_id,
    s.j -> 'object' -> 'definition' ->> 'type' AS object_activity_type,
    (s.j -> 'result' ->> 'success')::boolean AS result_success,
    (s.j -> 'result' ->> 'completion')::boolean AS result_completion,
    (s.j -> 'result' -> 'score' ->> 'scaled')::numeric AS result_score_scaled,
    (s.j -> 'result' -> 'score' ->> 'raw')::numeric AS result_score_raw,
    s.j -> 'result' ->> 'duration' AS result_duration,
    s.j -> 'result' ->> 'response' AS result_response,
    s.j -> 'context' ->> 'registration' AS registration,
    s.j -> 'context' -> 'contextActivities' -> 'parent' -> 0 ->> 'id' AS context_parent_id
FROM (SELECT l.*, l.statement_json::jsonb AS j FROM lrs_statements l) AS s;
