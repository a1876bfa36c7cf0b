-- Rollups the dashboards read instead of analytics_facts. The projector keeps all three in the
-- same transaction as the facts it writes, and `analytics rebuild` derives them again from the
-- facts. Days are whole UTC days since 1970-01-01; week_day is the Monday that starts the week.

-- One row per learner, week and course with a launch, step, completion or submission in that
-- week. course_id is '' for statements without a course.
CREATE TABLE analytics_week_learners (
    tenant NVARCHAR(100) NOT NULL,
    week_day INTEGER NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES analytics_actors (actor_id),
    course_id NVARCHAR(128) NOT NULL,
    CONSTRAINT pk_analytics_week_learners PRIMARY KEY (tenant, week_day, actor_id, course_id)
);

-- Distinct active learners per week for every value of the school, course and role filters,
-- where '*' stands for "any". A row with a role counts learners who have that role in the
-- course's roster, or in any roster of the district when course_id is '*'.
CREATE TABLE analytics_weekly_active (
    tenant NVARCHAR(100) NOT NULL,
    week_day INTEGER NOT NULL,
    school_id NVARCHAR(255) NOT NULL,
    course_id NVARCHAR(128) NOT NULL,
    role NVARCHAR(64) NOT NULL,
    learners INTEGER NOT NULL,
    CONSTRAINT pk_analytics_weekly_active PRIMARY KEY NONCLUSTERED (tenant, school_id, course_id, role, week_day)
);

-- One row per evidence submission with the time of the first approval or return of the same
-- evidence activity at or after it (NULL while none). seq is the submission's statement.
CREATE TABLE analytics_submissions (
    seq BIGINT NOT NULL PRIMARY KEY,
    tenant NVARCHAR(100) NOT NULL,
    evidence_id NVARCHAR(450) NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES analytics_actors (actor_id),
    course_id NVARCHAR(128) NULL,
    module_id NVARCHAR(128) NULL,
    day INTEGER NOT NULL,
    submitted_ms BIGINT NOT NULL,
    first_review_ms BIGINT NULL
);
CREATE INDEX ix_analytics_submissions_day ON analytics_submissions (tenant, day);
CREATE INDEX ix_analytics_submissions_evidence ON analytics_submissions (tenant, evidence_id);

INSERT INTO analytics_week_learners (tenant, week_day, actor_id, course_id)
SELECT DISTINCT tenant, day - ((day + 3) % 7), actor_id, COALESCE(course_id, '')
FROM analytics_facts WHERE kind IN (1, 2, 3, 4);

INSERT INTO analytics_submissions (seq, tenant, evidence_id, actor_id, course_id, module_id, day, submitted_ms, first_review_ms)
SELECT s.seq, s.tenant, s.evidence_id, s.actor_id, s.course_id, s.module_id, s.day, s.occurred_at_ms,
    (SELECT MIN(r.occurred_at_ms) FROM analytics_facts r WHERE r.tenant = s.tenant AND r.evidence_id = s.evidence_id AND r.kind IN (5, 6) AND r.occurred_at_ms >= s.occurred_at_ms)
FROM analytics_facts s WHERE s.kind = 4 AND s.evidence_id IS NOT NULL;

-- analytics_weekly_active depends on rosters and schools as well, so the projector derives it
-- on its next run while this row's last_seq is 0.
INSERT INTO analytics_projection (name, last_seq, updated_at_ms) VALUES ('weekly_active', 0, 0);
