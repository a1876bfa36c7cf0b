-- The rollup the PD-hours chart reads: distinct learners per filter cell, school, module and
-- completion day, with the learner's previous completion day. See the SQLite migration of the
-- same number for how the chart counts each learner once.
CREATE TABLE analytics_school_hours (
    tenant VARCHAR(100) NOT NULL,
    course_id VARCHAR(128) NOT NULL,
    role VARCHAR(64) NOT NULL,
    day INTEGER NOT NULL,
    school_id VARCHAR(255) NOT NULL,
    module_id VARCHAR(128) NOT NULL,
    prev_day INTEGER NOT NULL,
    learners INTEGER NOT NULL,
    PRIMARY KEY (tenant, course_id, role, day, school_id, module_id, prev_day) INCLUDE (learners)
);

CREATE INDEX ix_analytics_school_hours_school ON analytics_school_hours (tenant, school_id, course_id, role, day) INCLUDE (module_id, prev_day, learners);

INSERT INTO analytics_projection (name, last_seq, updated_at_ms) VALUES ('school_hours', 0, 0);
