-- The reviewer chart under a school or role filter counts the reviews in the range whose
-- evidence a selected learner submitted. Looking up the submission of each review in the range
-- cost 1.4 s CPU a page at 5,000,000 statements (docs/benchmarks.md). This rollup stores each
-- review with its submitter, so the chart reads the reviews of the range in key order and checks
-- the submitter against the learner set.
--
-- One row per review (a kind 5 or 6 fact, seq is its statement) and per distinct submitter,
-- course and module among the submissions of the same evidence activity. actor_id, course_id
-- and module_id are the submission's; reviewer_id, kind, review_course_id and review_module_id
-- are the review's. course and module ids are '' where the statement had none. A review without
-- a submission has no row. The projector keeps the rows in the same transaction as the facts,
-- and `analytics rebuild` derives them again.
CREATE TABLE analytics_reviews (
    tenant VARCHAR(100) NOT NULL,
    day INTEGER NOT NULL,
    seq BIGINT NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES analytics_actors (actor_id),
    course_id VARCHAR(128) NOT NULL,
    module_id VARCHAR(128) NOT NULL,
    reviewer_id BIGINT NOT NULL REFERENCES analytics_actors (actor_id),
    kind INTEGER NOT NULL,
    review_course_id VARCHAR(128) NOT NULL,
    review_module_id VARCHAR(128) NOT NULL,
    evidence_id TEXT NOT NULL,
    PRIMARY KEY (tenant, day, seq, actor_id, course_id, module_id)
);
CREATE INDEX ix_analytics_reviews_evidence ON analytics_reviews (tenant, evidence_id);

-- Only the first submission of each submitter, course and module gives a row, as in
-- ReviewRollupSql. Without ANALYZE statistics, SQLite 3.40 and 3.53 plan a SELECT DISTINCT of
-- this join with a scan of the tenant's submissions per review.
INSERT INTO analytics_reviews (tenant, day, seq, actor_id, course_id, module_id, reviewer_id, kind, review_course_id, review_module_id, evidence_id)
SELECT r.tenant, r.day, r.seq, s.actor_id, COALESCE(s.course_id, ''), COALESCE(s.module_id, ''),
    r.actor_id, r.kind, COALESCE(r.course_id, ''), COALESCE(r.module_id, ''), r.evidence_id
FROM analytics_facts r JOIN analytics_submissions s ON s.tenant = r.tenant AND s.evidence_id = r.evidence_id
WHERE r.kind IN (5, 6) AND NOT EXISTS (SELECT 1 FROM analytics_submissions e
    WHERE e.tenant = s.tenant AND e.evidence_id = s.evidence_id AND e.seq < s.seq AND e.actor_id = s.actor_id
    AND COALESCE(e.course_id, '') = COALESCE(s.course_id, '') AND COALESCE(e.module_id, '') = COALESCE(s.module_id, ''));
