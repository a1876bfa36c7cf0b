-- The weekly chart under a module filter counts that module's learning facts in the weeks of the
-- range, because analytics_weekly_active is not split by module. Ordering the module index by
-- day, and carrying the kind, learner and course, lets that count read one index range and no
-- table rows. Fact queries that filter on a module also filter on a day range, so they can
-- use the new order as well as the old (tenant, module_id, kind, actor_id).
DROP INDEX ix_analytics_facts_module;
CREATE INDEX ix_analytics_facts_module ON analytics_facts (tenant, module_id, day, kind, actor_id, course_id);
