-- Pathways, school rosters and district branding. Pathways and branding belong to a district
-- (every registration of the district shares them); school roster rows and launch memberships
-- belong to a registration, like the users they describe. Every query filters on that key.

-- School assignments a district admin imported from a roster CSV, kept by LTI subject so a
-- teacher who has not launched yet gets the school at the first launch.
CREATE TABLE pd_school_roster (
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    subject NVARCHAR(255) NOT NULL,
    school_id NVARCHAR(255) NOT NULL,
    imported_at_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, subject)
);

-- The role and course of each launch, so compliance can place people the course roster has not
-- listed yet. context_ref is '' for a launch without a course.
CREATE TABLE pd_launch_memberships (
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    user_ref NVARCHAR(128) NOT NULL REFERENCES lti_users (id),
    context_ref NVARCHAR(128) NOT NULL,
    role NVARCHAR(255) NOT NULL,
    last_launch_at_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, user_ref, context_ref)
);

CREATE TABLE pd_pathways (
    id NVARCHAR(128) NOT NULL PRIMARY KEY,
    district_id NVARCHAR(128) NOT NULL REFERENCES districts (id),
    title NVARCHAR(1000) NOT NULL,
    description NVARCHAR(MAX) NOT NULL,
    recurrence NVARCHAR(255) NOT NULL,
    starts_on NVARCHAR(255) NULL,
    electives_required BIGINT NOT NULL,
    archived BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_pd_pathways_district ON pd_pathways (district_id);

CREATE TABLE pd_pathway_modules (
    pathway_id NVARCHAR(128) NOT NULL REFERENCES pd_pathways (id),
    district_id NVARCHAR(128) NOT NULL,
    module_id NVARCHAR(255) NOT NULL,
    position BIGINT NOT NULL,
    is_required BIGINT NOT NULL,
    due_on NVARCHAR(255) NULL,
    PRIMARY KEY (pathway_id, module_id)
);

-- kind is Everyone, Role, Course or School. value is a PdRole name, an lti_contexts id or a
-- school id; registration_id is set for School only, since school ids are per registration.
CREATE TABLE pd_pathway_assignments (
    pathway_id NVARCHAR(128) NOT NULL REFERENCES pd_pathways (id),
    district_id NVARCHAR(128) NOT NULL,
    kind NVARCHAR(255) NOT NULL,
    registration_id NVARCHAR(128) NOT NULL,
    value NVARCHAR(255) NOT NULL,
    PRIMARY KEY (pathway_id, kind, registration_id, value)
);

CREATE TABLE pd_pathway_choices (
    pathway_id NVARCHAR(128) NOT NULL REFERENCES pd_pathways (id),
    district_id NVARCHAR(128) NOT NULL,
    user_ref NVARCHAR(128) NOT NULL REFERENCES lti_users (id),
    module_id NVARCHAR(255) NOT NULL,
    chosen_at_ms BIGINT NOT NULL,
    PRIMARY KEY (pathway_id, user_ref, module_id)
);

-- One row per pathway, learner and cycle (cycle_start_ms is 0 for a pathway that does not
-- recur), written once, so the pathway-completed statement is written once.
CREATE TABLE pd_pathway_completions (
    pathway_id NVARCHAR(128) NOT NULL REFERENCES pd_pathways (id),
    district_id NVARCHAR(128) NOT NULL,
    user_ref NVARCHAR(128) NOT NULL REFERENCES lti_users (id),
    cycle_start_ms BIGINT NOT NULL,
    completed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (pathway_id, user_ref, cycle_start_ms)
);

CREATE TABLE district_branding (
    district_id NVARCHAR(128) NOT NULL PRIMARY KEY REFERENCES districts (id),
    display_name NVARCHAR(255) NULL,
    primary_color NVARCHAR(255) NULL,
    header_color NVARCHAR(255) NULL,
    logo_url NVARCHAR(1000) NULL,
    logo_media_type NVARCHAR(255) NULL,
    logo_bytes VARBINARY(MAX) NULL,
    updated_at_ms BIGINT NOT NULL
);
