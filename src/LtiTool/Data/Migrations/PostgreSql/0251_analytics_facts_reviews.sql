-- The review facts (kinds 5 and 6) with every column the reviewer chart reads, so a course
-- filter does not read each review from the table. See the SQLite migration of the same number.
CREATE INDEX ix_analytics_facts_reviews ON analytics_facts (tenant, day, kind) INCLUDE (course_id, module_id, actor_id) WHERE kind IN (5, 6);
