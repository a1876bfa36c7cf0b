-- The reviewer chart without a school or role filter counts the review facts (kinds 5 and 6) of
-- the range. Under a course filter, ix_analytics_facts_day lacks course_id, so each review was
-- read from the table: 0.16 s of the 0.22 s of user CPU of the 12-week query at 5,000,000
-- statements in the sqlite3 shell. This partial index contains only the review facts (about 5%
-- of the facts) with every column the chart reads.
CREATE INDEX ix_analytics_facts_reviews ON analytics_facts (tenant, day, kind, course_id, module_id, actor_id) WHERE kind IN (5, 6);
