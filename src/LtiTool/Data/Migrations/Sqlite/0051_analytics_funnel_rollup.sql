-- The funnel chart reads this rollup instead of every launch, step and completion: one row per
-- tenant, course, module and learner with the first day the learner reached each stage. The
-- projector maintains it in the same transaction as analytics_facts and recomputes a row when a
-- statement behind it is voided. course_id is '' for statements without a course, so the key
-- never holds a NULL. Days are whole UTC days since 1970-01-01; a stage not reached is NULL.
CREATE TABLE analytics_funnel (
    tenant TEXT NOT NULL,
    module_id TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES analytics_actors (actor_id),
    course_id TEXT NOT NULL,
    module_name TEXT NULL,
    launched_day INTEGER NOT NULL,
    started_day INTEGER NULL,
    completed_day INTEGER NULL,
    PRIMARY KEY (tenant, module_id, actor_id, course_id)
);

INSERT INTO analytics_funnel (tenant, module_id, actor_id, course_id, module_name, launched_day, started_day, completed_day)
SELECT tenant, module_id, actor_id, COALESCE(course_id, ''), MAX(module_name), MIN(day),
    MIN(CASE WHEN kind IN (2, 3) THEN day END), MIN(CASE WHEN kind = 3 THEN day END)
FROM analytics_facts WHERE kind IN (1, 2, 3) AND module_id IS NOT NULL
GROUP BY tenant, module_id, actor_id, COALESCE(course_id, '');
