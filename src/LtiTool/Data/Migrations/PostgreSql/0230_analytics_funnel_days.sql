-- A rollup that lets the funnel chart count distinct learners over any day range with one small
-- GROUP BY. For each learner, module and stage, take the distinct days on which the learner
-- reached that stage or a later one (at most three: launched, started and completed day), in
-- order. The learner has a day in [from, to] exactly when one of those days lies in the range
-- and the day before it in the list lies before the range (or there is none), and at most one
-- day matches. So counting the rows with day in the range and prev_day < from counts each such
-- learner once. prev_day is -2147483648 when the day is the learner's first.
--
-- stage: 1 launched, 2 started, 3 completed. school_id, course_id and role hold the cell of the
-- dashboard filters the row counts in, '*' meaning "any". Only the cells the dashboard reads
-- from here are kept: no filter, one school, one course, one role, and one role in one course.
-- A learner counts in a course cell for that course's steps only, and in a '*' course cell for
-- all of them together. module_name is the name the learner's statements gave the module, ''
-- when none. learners is a count of learners, kept by the projector as it adds and takes away.
CREATE TABLE analytics_funnel_days (
    tenant VARCHAR(100) NOT NULL,
    school_id VARCHAR(255) NOT NULL,
    course_id VARCHAR(128) NOT NULL,
    role VARCHAR(64) NOT NULL,
    day INTEGER NOT NULL,
    module_id VARCHAR(128) NOT NULL,
    stage INTEGER NOT NULL,
    prev_day INTEGER NOT NULL,
    module_name TEXT NOT NULL,
    learners INTEGER NOT NULL,
    PRIMARY KEY (tenant, school_id, course_id, role, day, module_id, stage, prev_day, module_name) INCLUDE (learners)
);

-- The module filter reads one module's rows of a cell in day order. Both indexes contain every
-- column the funnel reads, so PostgreSQL reads it with an index-only scan.
CREATE INDEX ix_analytics_funnel_days_module ON analytics_funnel_days (tenant, module_id, school_id, course_id, role, day) INCLUDE (stage, prev_day, module_name, learners);

-- The school and roster roles (one "course<TAB>role" line each, after a first line with the
-- school id) under which the learner's rows of analytics_funnel_days were counted, so the
-- projector can take them away from the same cells later. NULL while none were counted.
ALTER TABLE analytics_actors ADD COLUMN funnel_person TEXT NULL;

-- The projector derives analytics_funnel_days for every district on its next run while this
-- row's last_seq is 0, so existing data is counted after an upgrade.
INSERT INTO analytics_projection (name, last_seq, updated_at_ms) VALUES ('funnel_days', 0, 0);
