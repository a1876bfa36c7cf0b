-- Rollups for the points, level and PD-hours charts, which read analytics_facts before. The
-- projector keeps them in the same transaction as the facts it writes, and `analytics rebuild`
-- derives them again from the facts. course_id is '' for statements without a course. Days are
-- whole UTC days since 1970-01-01. WITHOUT ROWID stores each row in its primary key, so a
-- dashboard query reads one index range and no table rows.

-- Points earned per learner, course and day: the sum of the amounts of kind 7 facts.
CREATE TABLE analytics_points (
    tenant TEXT NOT NULL,
    day INTEGER NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES analytics_actors (actor_id),
    course_id TEXT NOT NULL,
    points INTEGER NOT NULL,
    PRIMARY KEY (tenant, day, actor_id, course_id)
) WITHOUT ROWID;

-- The first day each learner reached each level in each course (kind 8 facts).
CREATE TABLE analytics_levels (
    tenant TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES analytics_actors (actor_id),
    course_id TEXT NOT NULL,
    level INTEGER NOT NULL,
    first_day INTEGER NOT NULL,
    PRIMARY KEY (tenant, actor_id, course_id, level)
) WITHOUT ROWID;

-- One row per learner, module, course and day with a completion of the module (kind 3 facts).
CREATE TABLE analytics_completions (
    tenant TEXT NOT NULL,
    day INTEGER NOT NULL,
    module_id TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES analytics_actors (actor_id),
    course_id TEXT NOT NULL,
    PRIMARY KEY (tenant, day, module_id, actor_id, course_id)
) WITHOUT ROWID;

INSERT INTO analytics_points (tenant, day, actor_id, course_id, points)
SELECT tenant, day, actor_id, COALESCE(course_id, ''), COALESCE(SUM(amount), 0)
FROM analytics_facts WHERE kind = 7 GROUP BY tenant, day, actor_id, COALESCE(course_id, '');

INSERT INTO analytics_levels (tenant, actor_id, course_id, level, first_day)
SELECT tenant, actor_id, COALESCE(course_id, ''), amount, MIN(day)
FROM analytics_facts WHERE kind = 8 AND amount IS NOT NULL GROUP BY tenant, actor_id, COALESCE(course_id, ''), amount;

INSERT INTO analytics_completions (tenant, day, module_id, actor_id, course_id)
SELECT DISTINCT tenant, day, module_id, actor_id, COALESCE(course_id, '')
FROM analytics_facts WHERE kind = 3 AND module_id IS NOT NULL;
