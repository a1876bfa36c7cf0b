-- Indexes that let the dashboards read only the rollup rows of the learners that a school or
-- role filter selects. The filter finds the people's actor ids first, and each chart then reads
-- its rollup through (tenant, actor_id). Without them, a one-school page read every learner's
-- rows in the range and dropped those of other schools.
CREATE INDEX ix_lti_users_school ON lti_users (school_id);
CREATE INDEX ix_analytics_points_actor ON analytics_points (tenant, actor_id, day, course_id, points);
CREATE INDEX ix_analytics_completions_actor ON analytics_completions (tenant, actor_id, day, module_id, course_id);
CREATE INDEX ix_analytics_funnel_actor ON analytics_funnel (tenant, actor_id);
CREATE INDEX ix_analytics_submissions_actor ON analytics_submissions (tenant, actor_id);
