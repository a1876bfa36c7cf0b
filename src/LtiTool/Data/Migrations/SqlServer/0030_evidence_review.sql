-- Evidence of practice and its review. A learner has one submission per evidence activity. Each
-- submission or resubmission adds a revision, and each reviewer decision is stored against the
-- revision it judged, so the whole history stays. Every row carries its registration and every
-- query filters on it. Submission ids are random, so guessing one gives nothing without the
-- registration check.
--
-- status moves Submitted -> Returned -> Resubmitted -> Returned ... and ends at Approved.
CREATE TABLE evidence_submissions (
    id NVARCHAR(32) NOT NULL PRIMARY KEY,
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    user_ref NVARCHAR(128) NOT NULL REFERENCES lti_users (id),
    context_ref NVARCHAR(128) NULL REFERENCES lti_contexts (id),
    module_id NVARCHAR(64) NOT NULL,
    activity_id NVARCHAR(64) NOT NULL,
    status NVARCHAR(16) NOT NULL,
    revision INT NOT NULL,
    first_submitted_at_ms BIGINT NOT NULL,
    last_submitted_at_ms BIGINT NOT NULL,
    decided_at_ms BIGINT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (registration_id, user_ref, module_id, activity_id)
);

CREATE INDEX ix_evidence_submissions_queue ON evidence_submissions (registration_id, status, last_submitted_at_ms);

-- What the learner sent in one revision: any of a text, a link and a file the activity accepts.
-- The file lives in the evidence folder under file_key, a generated name. file_name is the
-- learner's name for it, shown only as a label and in the download's Content-Disposition.
CREATE TABLE evidence_revisions (
    submission_id NVARCHAR(32) NOT NULL REFERENCES evidence_submissions (id),
    revision INT NOT NULL,
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    text_body NVARCHAR(MAX) NULL,
    link_url NVARCHAR(2048) NULL,
    file_key NVARCHAR(64) NULL,
    file_name NVARCHAR(255) NULL,
    file_content_type NVARCHAR(100) NULL,
    file_length BIGINT NULL,
    file_sha256 NVARCHAR(64) NULL,
    submitted_at_ms BIGINT NOT NULL,
    statement_id NVARCHAR(36) NOT NULL,
    PRIMARY KEY (submission_id, revision)
);

-- A reviewer's decision on one revision: Approved or Returned, the rubric level chosen per
-- criterion (JSON object criterion id -> level id), the total and the feedback.
CREATE TABLE evidence_reviews (
    submission_id NVARCHAR(32) NOT NULL REFERENCES evidence_submissions (id),
    revision INT NOT NULL,
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    reviewer_ref NVARCHAR(128) NOT NULL REFERENCES lti_users (id),
    decision NVARCHAR(16) NOT NULL,
    rubric_levels NVARCHAR(MAX) NOT NULL,
    score INT NOT NULL,
    max_score INT NOT NULL,
    feedback NVARCHAR(MAX) NOT NULL,
    decided_at_ms BIGINT NOT NULL,
    statement_id NVARCHAR(36) NOT NULL,
    PRIMARY KEY (submission_id, revision)
);

-- xAPI statements written in the transaction of the submission or decision they describe, and
-- copied to the embedded LRS after it commits. stored_at_ms stays NULL until the LRS has the
-- statement; a background relay retries those rows, and the ids are deterministic, so a retry
-- stores nothing twice.
CREATE TABLE evidence_statements (
    statement_id NVARCHAR(36) NOT NULL PRIMARY KEY,
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    district_id NVARCHAR(128) NOT NULL,
    statement_json NVARCHAR(MAX) NOT NULL,
    created_at_ms BIGINT NOT NULL,
    stored_at_ms BIGINT NULL
);

CREATE INDEX ix_evidence_statements_pending ON evidence_statements (stored_at_ms, created_at_ms);

-- The highest gamification ledger position a learner has been told about, so the points and
-- badges notice shows each award once.
CREATE TABLE award_notice_marks (
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    user_ref NVARCHAR(128) NOT NULL REFERENCES lti_users (id),
    seen_position BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, user_ref)
);
