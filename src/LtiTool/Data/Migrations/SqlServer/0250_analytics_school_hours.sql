-- The rollup the PD-hours chart reads: distinct learners per filter cell, school, module and
-- completion day, with the learner's previous completion day. See the SQLite migration of the
-- same number for how the chart counts each learner once.
CREATE TABLE analytics_school_hours (
    tenant NVARCHAR(100) NOT NULL,
    course_id NVARCHAR(128) NOT NULL,
    role NVARCHAR(64) NOT NULL,
    day INTEGER NOT NULL,
    school_id NVARCHAR(255) NOT NULL,
    module_id NVARCHAR(128) NOT NULL,
    prev_day INTEGER NOT NULL,
    learners INTEGER NOT NULL,
    -- Nonclustered, because the key can be longer than the 900 bytes of a clustered key.
    CONSTRAINT pk_analytics_school_hours PRIMARY KEY NONCLUSTERED (tenant, course_id, role, day, school_id, module_id, prev_day)
);

-- The chart reads a cell's rows in day order, and the school filter one school's rows of a cell.
CREATE INDEX ix_analytics_school_hours_cell ON analytics_school_hours (tenant, course_id, role, day) INCLUDE (school_id, module_id, prev_day, learners);
CREATE INDEX ix_analytics_school_hours_school ON analytics_school_hours (tenant, school_id, course_id, role, day) INCLUDE (module_id, prev_day, learners);

INSERT INTO analytics_projection (name, last_seq, updated_at_ms) VALUES ('school_hours', 0, 0);
