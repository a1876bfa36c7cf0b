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
-- sort_key and subject use the "C" collation, so the people list sorts by code point as the
-- in-memory evaluation did, whatever the database's default collation is.
CREATE TABLE pd_compliance_builds (
    pathway_id TEXT NOT NULL PRIMARY KEY,
    district_id TEXT NOT NULL,
    build_key TEXT NOT NULL,
    built_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_pd_compliance_builds_district ON pd_compliance_builds (district_id);

CREATE TABLE pd_compliance_status (
    pathway_id TEXT NOT NULL,
    item TEXT NOT NULL,
    registration_id TEXT COLLATE "C" NOT NULL,
    subject TEXT COLLATE "C" NOT NULL,
    item_position INTEGER NOT NULL,
    user_ref TEXT NULL,
    name TEXT NULL,
    email TEXT NULL,
    sort_key TEXT COLLATE "C" NOT NULL,
    school_id TEXT NULL,
    role INTEGER NOT NULL,
    context_refs TEXT NOT NULL,
    is_done INTEGER NOT NULL,
    done_at_ms BIGINT NULL,
    started INTEGER NOT NULL,
    overdue_at_ms BIGINT NULL,
    due_on TEXT NULL,
    PRIMARY KEY (pathway_id, item, registration_id, subject)
);
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
    overdue_at_ms BIGINT NULL,
    due_on TEXT NULL,
    PRIMARY KEY (pathway_id, item, context_ref, registration_id, subject)
);
CREATE INDEX ix_pd_compliance_status_courses_person ON pd_compliance_status_courses (registration_id, subject);

-- People whose rows may be out of date. The triggers below add or bump a row in the transaction
-- that changes a person's roster entry, school, user row, launch role, progress or completions,
-- so no write path can skip it. The reader recomputes those people and deletes the rows at the
-- version it read; a change made meanwhile bumps the version and keeps its row.
CREATE TABLE pd_compliance_dirty (
    registration_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (registration_id, subject)
);

-- Marks the person of a row keyed by (registration_id, subject).
CREATE FUNCTION pd_compliance_mark_subject() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (OLD.registration_id, OLD.subject, 1)
        ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO pd_compliance_dirty (registration_id, subject, version) VALUES (NEW.registration_id, NEW.subject, 1)
        ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
    END IF;
    RETURN NULL;
END
$$;

-- Marks the person of a row keyed by user id. A row whose user is already gone needs no mark:
-- deleting the user marked the person.
CREATE FUNCTION pd_compliance_mark_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO pd_compliance_dirty (registration_id, subject, version)
        SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id = OLD.user_ref
        ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO pd_compliance_dirty (registration_id, subject, version)
        SELECT u.registration_id, u.subject, 1 FROM lti_users u WHERE u.id = NEW.user_ref
        ON CONFLICT (registration_id, subject) DO UPDATE SET version = pd_compliance_dirty.version + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tr_pd_compliance_roster AFTER INSERT OR DELETE ON roster_members
    FOR EACH ROW EXECUTE FUNCTION pd_compliance_mark_subject();
CREATE TRIGGER tr_pd_compliance_roster_update AFTER UPDATE ON roster_members FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email OR OLD.role IS DISTINCT FROM NEW.role
        OR OLD.status IS DISTINCT FROM NEW.status OR OLD.context_ref IS DISTINCT FROM NEW.context_ref
        OR OLD.subject IS DISTINCT FROM NEW.subject OR OLD.registration_id IS DISTINCT FROM NEW.registration_id)
    EXECUTE FUNCTION pd_compliance_mark_subject();

CREATE TRIGGER tr_pd_compliance_school_roster AFTER INSERT OR DELETE ON pd_school_roster
    FOR EACH ROW EXECUTE FUNCTION pd_compliance_mark_subject();
CREATE TRIGGER tr_pd_compliance_school_roster_update AFTER UPDATE ON pd_school_roster FOR EACH ROW
    WHEN (OLD.school_id IS DISTINCT FROM NEW.school_id OR OLD.subject IS DISTINCT FROM NEW.subject
        OR OLD.registration_id IS DISTINCT FROM NEW.registration_id)
    EXECUTE FUNCTION pd_compliance_mark_subject();

CREATE TRIGGER tr_pd_compliance_users AFTER INSERT OR DELETE ON lti_users
    FOR EACH ROW EXECUTE FUNCTION pd_compliance_mark_subject();
CREATE TRIGGER tr_pd_compliance_users_update AFTER UPDATE ON lti_users FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email OR OLD.school_id IS DISTINCT FROM NEW.school_id
        OR OLD.subject IS DISTINCT FROM NEW.subject OR OLD.registration_id IS DISTINCT FROM NEW.registration_id)
    EXECUTE FUNCTION pd_compliance_mark_subject();

CREATE TRIGGER tr_pd_compliance_memberships AFTER INSERT OR DELETE ON pd_launch_memberships
    FOR EACH ROW EXECUTE FUNCTION pd_compliance_mark_user();
CREATE TRIGGER tr_pd_compliance_memberships_update AFTER UPDATE ON pd_launch_memberships FOR EACH ROW
    WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.context_ref IS DISTINCT FROM NEW.context_ref OR OLD.user_ref IS DISTINCT FROM NEW.user_ref)
    EXECUTE FUNCTION pd_compliance_mark_user();

CREATE TRIGGER tr_pd_compliance_completions AFTER INSERT OR DELETE ON catalog_module_completions
    FOR EACH ROW EXECUTE FUNCTION pd_compliance_mark_user();
CREATE TRIGGER tr_pd_compliance_completions_update AFTER UPDATE ON catalog_module_completions FOR EACH ROW
    WHEN (OLD.completed_at_ms IS DISTINCT FROM NEW.completed_at_ms OR OLD.cycle_start_ms IS DISTINCT FROM NEW.cycle_start_ms
        OR OLD.module_id IS DISTINCT FROM NEW.module_id OR OLD.user_ref IS DISTINCT FROM NEW.user_ref)
    EXECUTE FUNCTION pd_compliance_mark_user();

-- Compliance reads only whether progress rows exist in a cycle, so the frequent updates of
-- attempts and scores mark no one.
CREATE TRIGGER tr_pd_compliance_progress AFTER INSERT OR DELETE ON catalog_progress
    FOR EACH ROW EXECUTE FUNCTION pd_compliance_mark_user();
CREATE TRIGGER tr_pd_compliance_progress_update AFTER UPDATE ON catalog_progress FOR EACH ROW
    WHEN (OLD.cycle_start_ms IS DISTINCT FROM NEW.cycle_start_ms OR OLD.module_id IS DISTINCT FROM NEW.module_id
        OR OLD.user_ref IS DISTINCT FROM NEW.user_ref)
    EXECUTE FUNCTION pd_compliance_mark_user();

CREATE TRIGGER tr_pd_compliance_pathway_completions AFTER INSERT OR DELETE ON pd_pathway_completions
    FOR EACH ROW EXECUTE FUNCTION pd_compliance_mark_user();
CREATE TRIGGER tr_pd_compliance_pathway_completions_update AFTER UPDATE ON pd_pathway_completions FOR EACH ROW
    WHEN (OLD.cycle_start_ms IS DISTINCT FROM NEW.cycle_start_ms OR OLD.pathway_id IS DISTINCT FROM NEW.pathway_id
        OR OLD.user_ref IS DISTINCT FROM NEW.user_ref)
    EXECUTE FUNCTION pd_compliance_mark_user();
