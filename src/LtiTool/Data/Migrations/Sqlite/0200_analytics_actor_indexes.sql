-- Indexes that let the dashboards read only the rollup rows of the learners that a school or
-- role filter selects. The filter finds the people's actor ids first, and each chart then reads
-- its rollup through (tenant, actor_id). Without them, a one-school page read every learner's
-- rows in the range and dropped those of other schools.
CREATE INDEX ix_lti_users_school ON lti_users (school_id);
CREATE INDEX ix_analytics_points_actor ON analytics_points (tenant, actor_id, day, course_id, points);
CREATE INDEX ix_analytics_completions_actor ON analytics_completions (tenant, actor_id, day, module_id, course_id);
CREATE INDEX ix_analytics_submissions_actor ON analytics_submissions (tenant, actor_id);

-- The funnel chart reads analytics_funnel grouped by module and learner. WITHOUT ROWID stores
-- each row in its primary key, (tenant, module_id, actor_id, course_id), so that read follows
-- one b-tree in key order and never looks rows up by rowid. PostgreSQL and SQL Server keep the
-- table as it is; SQL Server already clusters it on that key.
CREATE TABLE analytics_funnel_keyed (
    tenant TEXT NOT NULL,
    module_id TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES analytics_actors (actor_id),
    course_id TEXT NOT NULL,
    module_name TEXT NULL,
    launched_day INTEGER NOT NULL,
    started_day INTEGER NULL,
    completed_day INTEGER NULL,
    PRIMARY KEY (tenant, module_id, actor_id, course_id)
) WITHOUT ROWID;
INSERT INTO analytics_funnel_keyed (tenant, module_id, actor_id, course_id, module_name, launched_day, started_day, completed_day)
SELECT tenant, module_id, actor_id, course_id, module_name, launched_day, started_day, completed_day FROM analytics_funnel;
DROP TABLE analytics_funnel;
ALTER TABLE analytics_funnel_keyed RENAME TO analytics_funnel;
CREATE INDEX ix_analytics_funnel_actor ON analytics_funnel (tenant, actor_id);
