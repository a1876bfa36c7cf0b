-- Pathways, school rosters and district branding. Pathways and branding belong to a district
-- (every registration of the district shares them); school roster rows and launch memberships
-- belong to a registration, like the users they describe. Every query filters on that key.

-- School assignments a district admin imported from a roster CSV, kept by LTI subject so a
-- teacher who has not launched yet gets the school at the first launch.
CREATE TABLE pd_school_roster (
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    subject TEXT NOT NULL,
    school_id TEXT NOT NULL,
    imported_at_ms INTEGER NOT NULL,
    PRIMARY KEY (registration_id, subject)
);

-- The role and course of each launch, so compliance can place people the course roster has not
-- listed yet. context_ref is '' for a launch without a course.
CREATE TABLE pd_launch_memberships (
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    user_ref TEXT NOT NULL REFERENCES lti_users (id),
    context_ref TEXT NOT NULL,
    role TEXT NOT NULL,
    last_launch_at_ms INTEGER NOT NULL,
    PRIMARY KEY (registration_id, user_ref, context_ref)
);

CREATE TABLE pd_pathways (
    id TEXT NOT NULL PRIMARY KEY,
    district_id TEXT NOT NULL REFERENCES districts (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    recurrence TEXT NOT NULL,
    starts_on TEXT NULL,
    electives_required INTEGER NOT NULL,
    archived INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
CREATE INDEX ix_pd_pathways_district ON pd_pathways (district_id);

CREATE TABLE pd_pathway_modules (
    pathway_id TEXT NOT NULL REFERENCES pd_pathways (id),
    district_id TEXT NOT NULL,
    module_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    is_required INTEGER NOT NULL,
    due_on TEXT NULL,
    PRIMARY KEY (pathway_id, module_id)
);

-- kind is Everyone, Role, Course or School. value is a PdRole name, an lti_contexts id or a
-- school id; registration_id is set for School only, since school ids are per registration.
CREATE TABLE pd_pathway_assignments (
    pathway_id TEXT NOT NULL REFERENCES pd_pathways (id),
    district_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    registration_id TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (pathway_id, kind, registration_id, value)
);

CREATE TABLE pd_pathway_choices (
    pathway_id TEXT NOT NULL REFERENCES pd_pathways (id),
    district_id TEXT NOT NULL,
    user_ref TEXT NOT NULL REFERENCES lti_users (id),
    module_id TEXT NOT NULL,
    chosen_at_ms INTEGER NOT NULL,
    PRIMARY KEY (pathway_id, user_ref, module_id)
);

-- One row per pathway, learner and cycle (cycle_start_ms is 0 for a pathway that does not
-- recur), written once, so the pathway-completed statement is written once.
CREATE TABLE pd_pathway_completions (
    pathway_id TEXT NOT NULL REFERENCES pd_pathways (id),
    district_id TEXT NOT NULL,
    user_ref TEXT NOT NULL REFERENCES lti_users (id),
    cycle_start_ms INTEGER NOT NULL,
    completed_at_ms INTEGER NOT NULL,
    PRIMARY KEY (pathway_id, user_ref, cycle_start_ms)
);

CREATE TABLE district_branding (
    district_id TEXT NOT NULL PRIMARY KEY REFERENCES districts (id),
    display_name TEXT NULL,
    primary_color TEXT NULL,
    header_color TEXT NULL,
    logo_url TEXT NULL,
    logo_media_type TEXT NULL,
    logo_bytes BLOB NULL,
    updated_at_ms INTEGER NOT NULL
);
