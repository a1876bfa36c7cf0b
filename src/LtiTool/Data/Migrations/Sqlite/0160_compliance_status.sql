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
CREATE TABLE pd_compliance_builds (
    pathway_id TEXT NOT NULL PRIMARY KEY,
    district_id TEXT NOT NULL,
    build_key TEXT NOT NULL,
    built_at_ms INTEGER NOT NULL
);
CREATE INDEX ix_pd_compliance_builds_district ON pd_compliance_builds (district_id);

CREATE TABLE pd_compliance_status (
    pathway_id TEXT NOT NULL,
    item TEXT NOT NULL,
    registration_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    item_position INTEGER NOT NULL,
    user_ref TEXT NULL,
    name TEXT NULL,
    email TEXT NULL,
    sort_key TEXT NOT NULL,
    school_id TEXT NULL,
    role INTEGER NOT NULL,
    context_refs TEXT NOT NULL,
    is_done INTEGER NOT NULL,
    done_at_ms INTEGER NULL,
    started INTEGER NOT NULL,
    overdue_at_ms INTEGER NULL,
    due_on TEXT NULL,
    PRIMARY KEY (pathway_id, item, registration_id, subject)
) WITHOUT ROWID;
CREATE INDEX ix_pd_compliance_status_order ON pd_compliance_status (pathway_id, item, sort_key, subject, registration_id);
CREATE INDEX ix_pd_compliance_status_person ON pd_compliance_status (registration_id, subject);

CREATE TABLE pd_compliance_status_courses (
    pathway_id TEXT NOT NULL,
    item TEXT NOT NULL,
    context_ref TEXT NOT NULL,
    registration_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    school_id TEXT NULL,
    role INTEGER NOT NULL,
    is_done INTEGER NOT NULL,
    started INTEGER NOT NULL,
    overdue_at_ms INTEGER NULL,
    due_on TEXT NULL,
    PRIMARY KEY (pathway_id, item, context_ref, registration_id, subject)
) WITHOUT ROWID;
CREATE INDEX ix_pd_compliance_status_courses_person ON pd_compliance_status_courses (registration_id, subject);

-- People whose rows may be out of date. The triggers below add or bump a row in the transaction
-- that changes a person's roster entry, school, user row, launch role, progress or completions,
-- so no write path can skip it. The reader recomputes those people and deletes the rows at the
-- version it read; a change made meanwhile bumps the version and keeps its row.
-- NOTE: a later migration that rebuilds one of these tables (CREATE, copy, DROP, RENAME) drops
-- its triggers on SQLite and must create them again.
CREATE TABLE pd_compliance_dirty (
    registration_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (registration_id, subject)
);

CREATE TRIGGER tr_pd_compliance_roster_insert AFTER INSERT ON roster_members
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (NEW.registration_id, NEW.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_roster_update AFTER UPDATE ON roster_members
WHEN OLD.name IS NOT NEW.name OR OLD.email IS NOT NEW.email OR OLD.role IS NOT NEW.role OR OLD.status IS NOT NEW.status
    OR OLD.context_ref IS NOT NEW.context_ref OR OLD.subject IS NOT NEW.subject OR OLD.registration_id IS NOT NEW.registration_id
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (OLD.registration_id, OLD.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (NEW.registration_id, NEW.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_roster_delete AFTER DELETE ON roster_members
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (OLD.registration_id, OLD.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;

CREATE TRIGGER tr_pd_compliance_school_roster_insert AFTER INSERT ON pd_school_roster
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (NEW.registration_id, NEW.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_school_roster_update AFTER UPDATE ON pd_school_roster
WHEN OLD.school_id IS NOT NEW.school_id OR OLD.subject IS NOT NEW.subject OR OLD.registration_id IS NOT NEW.registration_id
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (OLD.registration_id, OLD.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (NEW.registration_id, NEW.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_school_roster_delete AFTER DELETE ON pd_school_roster
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (OLD.registration_id, OLD.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;

CREATE TRIGGER tr_pd_compliance_users_insert AFTER INSERT ON lti_users
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (NEW.registration_id, NEW.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_users_update AFTER UPDATE ON lti_users
WHEN OLD.name IS NOT NEW.name OR OLD.email IS NOT NEW.email OR OLD.school_id IS NOT NEW.school_id
    OR OLD.subject IS NOT NEW.subject OR OLD.registration_id IS NOT NEW.registration_id
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (OLD.registration_id, OLD.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (NEW.registration_id, NEW.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_users_delete AFTER DELETE ON lti_users
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (OLD.registration_id, OLD.subject, 1)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;

-- The tables below name the person by user id, so the trigger looks the subject up. A row whose
-- user is already gone needs no mark: deleting the user marked the person.
CREATE TRIGGER tr_pd_compliance_memberships_insert AFTER INSERT ON pd_launch_memberships
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version)
    SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id = NEW.user_ref
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_memberships_update AFTER UPDATE ON pd_launch_memberships
WHEN OLD.role IS NOT NEW.role OR OLD.context_ref IS NOT NEW.context_ref OR OLD.user_ref IS NOT NEW.user_ref
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version)
    SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id IN (OLD.user_ref, NEW.user_ref)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_memberships_delete AFTER DELETE ON pd_launch_memberships
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version)
    SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id = OLD.user_ref
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;

CREATE TRIGGER tr_pd_compliance_completions_insert AFTER INSERT ON catalog_module_completions
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version)
    SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id = NEW.user_ref
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_completions_update AFTER UPDATE ON catalog_module_completions
WHEN OLD.completed_at_ms IS NOT NEW.completed_at_ms OR OLD.cycle_start_ms IS NOT NEW.cycle_start_ms
    OR OLD.module_id IS NOT NEW.module_id OR OLD.user_ref IS NOT NEW.user_ref
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version)
    SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id IN (OLD.user_ref, NEW.user_ref)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_completions_delete AFTER DELETE ON catalog_module_completions
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version)
    SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id = OLD.user_ref
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;

-- Compliance reads only whether progress rows exist in a cycle, so the frequent updates of
-- attempts and scores mark no one.
CREATE TRIGGER tr_pd_compliance_progress_insert AFTER INSERT ON catalog_progress
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version)
    SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id = NEW.user_ref
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_progress_update AFTER UPDATE ON catalog_progress
WHEN OLD.cycle_start_ms IS NOT NEW.cycle_start_ms OR OLD.module_id IS NOT NEW.module_id OR OLD.user_ref IS NOT NEW.user_ref
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version)
    SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id IN (OLD.user_ref, NEW.user_ref)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_progress_delete AFTER DELETE ON catalog_progress
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version)
    SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id = OLD.user_ref
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;

CREATE TRIGGER tr_pd_compliance_pathway_completions_insert AFTER INSERT ON pd_pathway_completions
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version)
    SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id = NEW.user_ref
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_pathway_completions_update AFTER UPDATE ON pd_pathway_completions
WHEN OLD.cycle_start_ms IS NOT NEW.cycle_start_ms OR OLD.pathway_id IS NOT NEW.pathway_id OR OLD.user_ref IS NOT NEW.user_ref
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version)
    SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id IN (OLD.user_ref, NEW.user_ref)
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
CREATE TRIGGER tr_pd_compliance_pathway_completions_delete AFTER DELETE ON pd_pathway_completions
BEGIN
    INSERT INTO pd_compliance_dirty (registration_id, subject, version)
    SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id = OLD.user_ref
    ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
END;
