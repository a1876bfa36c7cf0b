-- Compliance reads a per-person status table instead of evaluating every person of the district
-- on each request. pd_compliance_status contains one row per assigned person, pathway and item ('' for
-- the whole pathway, else a required module id) with the time-independent inputs of the state:
-- done in the current cycle, any progress, and the moment the item becomes overdue. The reader
-- turns them into done, in progress, not started or overdue with the request's clock.
-- pd_compliance_status_courses repeats those inputs once per course of the person ('' for none),
-- so the counts per course need no join.
-- The rows are a pure function of the people, their progress, the pathway and the catalog.
-- pd_compliance_builds stores, per pathway, a key of the pathway's definition, the catalog modules
-- it finds and its current cycle; a different key makes the reader rebuild the pathway's rows.
-- sort_key and subject use a binary collation, so the people list sorts by code point as the
-- in-memory evaluation did.
CREATE TABLE pd_compliance_builds (
    pathway_id NVARCHAR(128) NOT NULL PRIMARY KEY,
    district_id NVARCHAR(128) NOT NULL,
    build_key NVARCHAR(128) NOT NULL,
    built_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_pd_compliance_builds_district ON pd_compliance_builds (district_id);

CREATE TABLE pd_compliance_status (
    pathway_id NVARCHAR(128) NOT NULL,
    item NVARCHAR(128) NOT NULL,
    registration_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    subject NVARCHAR(255) COLLATE Latin1_General_100_BIN2 NOT NULL,
    item_position INT NOT NULL,
    user_ref NVARCHAR(128) NULL,
    name NVARCHAR(512) NULL,
    email NVARCHAR(512) NULL,
    sort_key NVARCHAR(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    school_id NVARCHAR(255) NULL,
    role INT NOT NULL,
    context_refs NVARCHAR(MAX) NOT NULL,
    is_done INT NOT NULL,
    done_at_ms BIGINT NULL,
    started INT NOT NULL,
    overdue_at_ms BIGINT NULL,
    due_on NVARCHAR(10) NULL,
    PRIMARY KEY (pathway_id, item, registration_id, subject)
);
CREATE INDEX ix_pd_compliance_status_order ON pd_compliance_status (pathway_id, item, sort_key, subject, registration_id);
CREATE INDEX ix_pd_compliance_status_person ON pd_compliance_status (registration_id, subject);

CREATE TABLE pd_compliance_status_courses (
    pathway_id NVARCHAR(128) NOT NULL,
    item NVARCHAR(128) NOT NULL,
    context_ref NVARCHAR(128) NOT NULL,
    registration_id NVARCHAR(128) NOT NULL,
    subject NVARCHAR(255) NOT NULL,
    school_id NVARCHAR(255) NULL,
    role INT NOT NULL,
    is_done INT NOT NULL,
    started INT NOT NULL,
    overdue_at_ms BIGINT NULL,
    due_on NVARCHAR(10) NULL,
    PRIMARY KEY (pathway_id, item, context_ref, registration_id, subject)
);
CREATE INDEX ix_pd_compliance_status_courses_person ON pd_compliance_status_courses (registration_id, subject);

-- People whose rows may be out of date. The triggers below add or bump a row in the transaction
-- that changes a person's roster entry, school, user row, launch role, progress or completions,
-- so no write path can skip it. The reader recomputes those people and deletes the rows at the
-- version it read; a change made meanwhile bumps the version and keeps its row.
-- CREATE TRIGGER must start a batch, so each runs through EXEC. A trigger fires once per
-- statement; it marks inserted and deleted rows, and updated rows whose compared columns changed
-- (EXCEPT compares NULLs as equal).
CREATE TABLE pd_compliance_dirty (
    registration_id NVARCHAR(128) NOT NULL,
    subject NVARCHAR(255) NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (registration_id, subject)
);

EXEC ('CREATE TRIGGER tr_pd_compliance_roster ON roster_members AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    MERGE pd_compliance_dirty WITH (HOLDLOCK) AS target
    USING (
        SELECT i.registration_id, i.subject FROM inserted i LEFT JOIN deleted d ON d.registration_id = i.registration_id AND d.context_ref = i.context_ref AND d.subject = i.subject
        WHERE d.subject IS NULL OR EXISTS (SELECT i.name, i.email, i.role, i.status EXCEPT SELECT d.name, d.email, d.role, d.status)
        UNION
        SELECT d.registration_id, d.subject FROM deleted d LEFT JOIN inserted i ON d.registration_id = i.registration_id AND d.context_ref = i.context_ref AND d.subject = i.subject
        WHERE i.subject IS NULL OR EXISTS (SELECT i.name, i.email, i.role, i.status EXCEPT SELECT d.name, d.email, d.role, d.status)
    ) AS source (registration_id, subject)
    ON target.registration_id = source.registration_id AND target.subject = source.subject
    WHEN MATCHED THEN UPDATE SET version = target.version + 1
    WHEN NOT MATCHED THEN INSERT (registration_id, subject, version) VALUES (source.registration_id, source.subject, 1);
END');

EXEC ('CREATE TRIGGER tr_pd_compliance_school_roster ON pd_school_roster AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    MERGE pd_compliance_dirty WITH (HOLDLOCK) AS target
    USING (
        SELECT i.registration_id, i.subject FROM inserted i LEFT JOIN deleted d ON d.registration_id = i.registration_id AND d.subject = i.subject
        WHERE d.subject IS NULL OR EXISTS (SELECT i.school_id EXCEPT SELECT d.school_id)
        UNION
        SELECT d.registration_id, d.subject FROM deleted d LEFT JOIN inserted i ON d.registration_id = i.registration_id AND d.subject = i.subject
        WHERE i.subject IS NULL OR EXISTS (SELECT i.school_id EXCEPT SELECT d.school_id)
    ) AS source (registration_id, subject)
    ON target.registration_id = source.registration_id AND target.subject = source.subject
    WHEN MATCHED THEN UPDATE SET version = target.version + 1
    WHEN NOT MATCHED THEN INSERT (registration_id, subject, version) VALUES (source.registration_id, source.subject, 1);
END');

EXEC ('CREATE TRIGGER tr_pd_compliance_users ON lti_users AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    MERGE pd_compliance_dirty WITH (HOLDLOCK) AS target
    USING (
        SELECT i.registration_id, i.subject FROM inserted i LEFT JOIN deleted d ON d.id = i.id
        WHERE d.subject IS NULL OR EXISTS (SELECT i.registration_id, i.subject, i.name, i.email, i.school_id EXCEPT SELECT d.registration_id, d.subject, d.name, d.email, d.school_id)
        UNION
        SELECT d.registration_id, d.subject FROM deleted d LEFT JOIN inserted i ON d.id = i.id
        WHERE i.subject IS NULL OR EXISTS (SELECT i.registration_id, i.subject, i.name, i.email, i.school_id EXCEPT SELECT d.registration_id, d.subject, d.name, d.email, d.school_id)
    ) AS source (registration_id, subject)
    ON target.registration_id = source.registration_id AND target.subject = source.subject
    WHEN MATCHED THEN UPDATE SET version = target.version + 1
    WHEN NOT MATCHED THEN INSERT (registration_id, subject, version) VALUES (source.registration_id, source.subject, 1);
END');

-- The tables below name the person by user id, so the trigger looks the subject up. A row whose
-- user is already gone needs no mark: deleting the user marked the person.
EXEC ('CREATE TRIGGER tr_pd_compliance_memberships ON pd_launch_memberships AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    MERGE pd_compliance_dirty WITH (HOLDLOCK) AS target
    USING (
        SELECT u.registration_id, u.subject FROM lti_users u
        WHERE u.id IN (
            SELECT i.user_ref FROM inserted i LEFT JOIN deleted d ON d.registration_id = i.registration_id AND d.user_ref = i.user_ref AND d.context_ref = i.context_ref
            WHERE d.user_ref IS NULL OR EXISTS (SELECT i.role EXCEPT SELECT d.role)
            UNION
            SELECT d.user_ref FROM deleted d LEFT JOIN inserted i ON d.registration_id = i.registration_id AND d.user_ref = i.user_ref AND d.context_ref = i.context_ref
            WHERE i.user_ref IS NULL OR EXISTS (SELECT i.role EXCEPT SELECT d.role))
    ) AS source (registration_id, subject)
    ON target.registration_id = source.registration_id AND target.subject = source.subject
    WHEN MATCHED THEN UPDATE SET version = target.version + 1
    WHEN NOT MATCHED THEN INSERT (registration_id, subject, version) VALUES (source.registration_id, source.subject, 1);
END');

EXEC ('CREATE TRIGGER tr_pd_compliance_completions ON catalog_module_completions AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    MERGE pd_compliance_dirty WITH (HOLDLOCK) AS target
    USING (
        SELECT u.registration_id, u.subject FROM lti_users u
        WHERE u.id IN (
            SELECT i.user_ref FROM inserted i LEFT JOIN deleted d ON d.registration_id = i.registration_id AND d.user_ref = i.user_ref AND d.module_id = i.module_id AND d.cycle_start_ms = i.cycle_start_ms
            WHERE d.user_ref IS NULL OR EXISTS (SELECT i.completed_at_ms EXCEPT SELECT d.completed_at_ms)
            UNION
            SELECT d.user_ref FROM deleted d LEFT JOIN inserted i ON d.registration_id = i.registration_id AND d.user_ref = i.user_ref AND d.module_id = i.module_id AND d.cycle_start_ms = i.cycle_start_ms
            WHERE i.user_ref IS NULL OR EXISTS (SELECT i.completed_at_ms EXCEPT SELECT d.completed_at_ms))
    ) AS source (registration_id, subject)
    ON target.registration_id = source.registration_id AND target.subject = source.subject
    WHEN MATCHED THEN UPDATE SET version = target.version + 1
    WHEN NOT MATCHED THEN INSERT (registration_id, subject, version) VALUES (source.registration_id, source.subject, 1);
END');

-- Compliance reads only whether progress rows exist in a cycle, so the frequent updates of
-- attempts and scores mark no one.
EXEC ('CREATE TRIGGER tr_pd_compliance_progress ON catalog_progress AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    MERGE pd_compliance_dirty WITH (HOLDLOCK) AS target
    USING (
        SELECT u.registration_id, u.subject FROM lti_users u
        WHERE u.id IN (
            SELECT i.user_ref FROM inserted i LEFT JOIN deleted d ON d.registration_id = i.registration_id AND d.user_ref = i.user_ref AND d.module_id = i.module_id AND d.cycle_start_ms = i.cycle_start_ms AND d.activity_id = i.activity_id
            WHERE d.user_ref IS NULL OR EXISTS (SELECT i.registration_id EXCEPT SELECT d.registration_id)
            UNION
            SELECT d.user_ref FROM deleted d LEFT JOIN inserted i ON d.registration_id = i.registration_id AND d.user_ref = i.user_ref AND d.module_id = i.module_id AND d.cycle_start_ms = i.cycle_start_ms AND d.activity_id = i.activity_id
            WHERE i.user_ref IS NULL OR EXISTS (SELECT i.registration_id EXCEPT SELECT d.registration_id))
    ) AS source (registration_id, subject)
    ON target.registration_id = source.registration_id AND target.subject = source.subject
    WHEN MATCHED THEN UPDATE SET version = target.version + 1
    WHEN NOT MATCHED THEN INSERT (registration_id, subject, version) VALUES (source.registration_id, source.subject, 1);
END');

EXEC ('CREATE TRIGGER tr_pd_compliance_pathway_completions ON pd_pathway_completions AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    MERGE pd_compliance_dirty WITH (HOLDLOCK) AS target
    USING (
        SELECT u.registration_id, u.subject FROM lti_users u
        WHERE u.id IN (
            SELECT i.user_ref FROM inserted i LEFT JOIN deleted d ON d.pathway_id = i.pathway_id AND d.user_ref = i.user_ref AND d.cycle_start_ms = i.cycle_start_ms
            WHERE d.user_ref IS NULL OR EXISTS (SELECT i.completed_at_ms EXCEPT SELECT d.completed_at_ms)
            UNION
            SELECT d.user_ref FROM deleted d LEFT JOIN inserted i ON d.pathway_id = i.pathway_id AND d.user_ref = i.user_ref AND d.cycle_start_ms = i.cycle_start_ms
            WHERE i.user_ref IS NULL OR EXISTS (SELECT i.completed_at_ms EXCEPT SELECT d.completed_at_ms))
    ) AS source (registration_id, subject)
    ON target.registration_id = source.registration_id AND target.subject = source.subject
    WHEN MATCHED THEN UPDATE SET version = target.version + 1
    WHEN NOT MATCHED THEN INSERT (registration_id, subject, version) VALUES (source.registration_id, source.subject, 1);
END');
