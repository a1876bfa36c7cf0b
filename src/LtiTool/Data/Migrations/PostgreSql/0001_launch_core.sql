CREATE TABLE districts (
    id VARCHAR(128) NOT NULL PRIMARY KEY,
    name VARCHAR(512) NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE platform_registrations (
    id VARCHAR(128) NOT NULL PRIMARY KEY,
    district_id VARCHAR(128) NOT NULL REFERENCES districts (id),
    issuer VARCHAR(300) NOT NULL,
    client_id VARCHAR(255) NOT NULL,
    auth_url VARCHAR(512) NOT NULL,
    token_url VARCHAR(512) NOT NULL,
    jwks_url VARCHAR(512) NOT NULL,
    token_audience VARCHAR(512) NULL,
    source VARCHAR(128) NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (issuer, client_id)
);

CREATE TABLE platform_deployments (
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    deployment_id VARCHAR(255) NOT NULL,
    status VARCHAR(128) NOT NULL,
    first_seen_at_ms BIGINT NOT NULL,
    approved_at_ms BIGINT NULL,
    PRIMARY KEY (registration_id, deployment_id)
);

CREATE TABLE login_states (
    state VARCHAR(128) NOT NULL PRIMARY KEY,
    nonce VARCHAR(255) NOT NULL,
    registration_id VARCHAR(128) NOT NULL,
    deployment_id VARCHAR(255) NULL,
    target_link_uri VARCHAR(512) NOT NULL,
    browser_binding_hash VARCHAR(512) NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    consumed_at_ms BIGINT NULL
);
CREATE INDEX ix_login_states_expires ON login_states (expires_at_ms);

CREATE TABLE used_nonces (
    registration_id VARCHAR(128) NOT NULL,
    nonce VARCHAR(255) NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, nonce)
);
CREATE INDEX ix_used_nonces_expires ON used_nonces (expires_at_ms);

CREATE TABLE lti_users (
    id VARCHAR(128) NOT NULL PRIMARY KEY,
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    subject VARCHAR(255) NOT NULL,
    name VARCHAR(512) NULL,
    given_name VARCHAR(512) NULL,
    family_name VARCHAR(512) NULL,
    email VARCHAR(512) NULL,
    locale VARCHAR(512) NULL,
    person_sourcedid VARCHAR(512) NULL,
    created_at_ms BIGINT NOT NULL,
    last_launch_at_ms BIGINT NOT NULL,
    UNIQUE (registration_id, subject)
);

CREATE TABLE lti_contexts (
    id VARCHAR(128) NOT NULL PRIMARY KEY,
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    deployment_id VARCHAR(255) NOT NULL,
    context_id VARCHAR(255) NOT NULL,
    label VARCHAR(512) NULL,
    title TEXT NULL,
    context_types TEXT NULL,
    nrps_url VARCHAR(512) NULL,
    ags_line_items_url VARCHAR(512) NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (registration_id, context_id)
);

CREATE TABLE lti_resource_links (
    id VARCHAR(128) NOT NULL PRIMARY KEY,
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    deployment_id VARCHAR(255) NOT NULL,
    context_ref VARCHAR(128) NULL REFERENCES lti_contexts (id),
    resource_link_id VARCHAR(255) NOT NULL,
    title TEXT NULL,
    description TEXT NULL,
    ags_line_item_url VARCHAR(512) NULL,
    custom_json TEXT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (registration_id, resource_link_id)
);

CREATE TABLE lti_sessions (
    id_hash VARCHAR(128) NOT NULL PRIMARY KEY,
    registration_id VARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    deployment_id VARCHAR(255) NOT NULL,
    user_ref VARCHAR(128) NOT NULL REFERENCES lti_users (id),
    context_ref VARCHAR(128) NULL,
    resource_link_ref VARCHAR(128) NULL,
    role VARCHAR(128) NOT NULL,
    roles VARCHAR(512) NOT NULL,
    message_type VARCHAR(512) NOT NULL,
    launch_json TEXT NOT NULL,
    csrf_token VARCHAR(512) NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_lti_sessions_expires ON lti_sessions (expires_at_ms);

CREATE TABLE tool_keys (
    kid VARCHAR(128) NOT NULL PRIMARY KEY,
    status VARCHAR(128) NOT NULL,
    protected_private_key TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    activated_at_ms BIGINT NULL,
    retired_at_ms BIGINT NULL
);

-- At most one key signs at a time and at most one waits to take over; nodes that start together
-- race on these indexes instead of creating two current keys.
CREATE UNIQUE INDEX ux_tool_keys_current ON tool_keys (status) WHERE status = 'Current';
CREATE UNIQUE INDEX ux_tool_keys_next ON tool_keys (status) WHERE status = 'Next';
