-- A rollup that lets the PD-hours chart count distinct learners per school and module over any
-- day range with one small GROUP BY, without reading every completion of the range and looking
-- up each learner's school. For each learner, module and filter cell, take the distinct days on
-- which the learner completed the module, in order. The learner has a completion in [from, to]
-- exactly when one of those days lies in the range and the day before it in the list lies
-- before the range (or there is none), and at most one day matches. So counting the rows with
-- day in the range and prev_day < from counts each such learner once. prev_day is -2147483648
-- when the day is the learner's first.
--
-- course_id and role hold the cell of the dashboard's course and role filters the row counts
-- in, '*' meaning "any": no filter, one course, one role, and one role in one course. A learner
-- counts in a course cell for that course's completions only, and in a '*' course cell for all
-- of them together. school_id is the learner's school ('' for none), the same in every cell, so
-- the school filter reads the rows of that school. learners is a count of learners, kept by the
-- projector as it adds and takes away, under the school and roles of
-- analytics_actors.funnel_person, which analytics_funnel_days counts under too.
CREATE TABLE analytics_school_hours (
    tenant TEXT NOT NULL,
    course_id TEXT NOT NULL,
    role TEXT NOT NULL,
    day INTEGER NOT NULL,
    school_id TEXT NOT NULL,
    module_id TEXT NOT NULL,
    prev_day INTEGER NOT NULL,
    learners INTEGER NOT NULL,
    PRIMARY KEY (tenant, course_id, role, day, school_id, module_id, prev_day)
) WITHOUT ROWID;

-- The school filter reads one school's rows of a cell in day order.
CREATE INDEX ix_analytics_school_hours_school ON analytics_school_hours (tenant, school_id, course_id, role, day, module_id, prev_day, learners);

-- The projector derives analytics_school_hours for every district on its next run while this
-- row's last_seq is 0, so existing data is counted after an upgrade.
INSERT INTO analytics_projection (name, last_seq, updated_at_ms) VALUES ('school_hours', 0, 0);
