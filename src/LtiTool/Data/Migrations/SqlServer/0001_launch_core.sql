CREATE TABLE districts (
    id NVARCHAR(128) NOT NULL PRIMARY KEY,
    name NVARCHAR(450) NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE platform_registrations (
    id NVARCHAR(128) NOT NULL PRIMARY KEY,
    district_id NVARCHAR(128) NOT NULL REFERENCES districts (id),
    issuer NVARCHAR(300) NOT NULL,
    client_id NVARCHAR(255) NOT NULL,
    auth_url NVARCHAR(450) NOT NULL,
    token_url NVARCHAR(450) NOT NULL,
    jwks_url NVARCHAR(450) NOT NULL,
    token_audience NVARCHAR(450) NULL,
    source NVARCHAR(128) NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (issuer, client_id)
);

CREATE TABLE platform_deployments (
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    deployment_id NVARCHAR(255) NOT NULL,
    status NVARCHAR(128) NOT NULL,
    first_seen_at_ms BIGINT NOT NULL,
    approved_at_ms BIGINT NULL,
    PRIMARY KEY (registration_id, deployment_id)
);

CREATE TABLE login_states (
    state NVARCHAR(128) NOT NULL PRIMARY KEY,
    nonce NVARCHAR(255) NOT NULL,
    registration_id NVARCHAR(128) NOT NULL,
    deployment_id NVARCHAR(255) NULL,
    target_link_uri NVARCHAR(450) NOT NULL,
    browser_binding_hash NVARCHAR(450) NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    consumed_at_ms BIGINT NULL
);
CREATE INDEX ix_login_states_expires ON login_states (expires_at_ms);

CREATE TABLE used_nonces (
    registration_id NVARCHAR(128) NOT NULL,
    nonce NVARCHAR(255) NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, nonce)
);
CREATE INDEX ix_used_nonces_expires ON used_nonces (expires_at_ms);

CREATE TABLE lti_users (
    id NVARCHAR(128) NOT NULL PRIMARY KEY,
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    subject NVARCHAR(255) NOT NULL,
    name NVARCHAR(450) NULL,
    given_name NVARCHAR(450) NULL,
    family_name NVARCHAR(450) NULL,
    email NVARCHAR(450) NULL,
    locale NVARCHAR(450) NULL,
    person_sourcedid NVARCHAR(450) NULL,
    created_at_ms BIGINT NOT NULL,
    last_launch_at_ms BIGINT NOT NULL,
    UNIQUE (registration_id, subject)
);

CREATE TABLE lti_contexts (
    id NVARCHAR(128) NOT NULL PRIMARY KEY,
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    deployment_id NVARCHAR(255) NOT NULL,
    context_id NVARCHAR(255) NOT NULL,
    label NVARCHAR(450) NULL,
    title NVARCHAR(MAX) NULL,
    context_types NVARCHAR(MAX) NULL,
    nrps_url NVARCHAR(450) NULL,
    ags_line_items_url NVARCHAR(450) NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (registration_id, context_id)
);

CREATE TABLE lti_resource_links (
    id NVARCHAR(128) NOT NULL PRIMARY KEY,
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    deployment_id NVARCHAR(255) NOT NULL,
    context_ref NVARCHAR(128) NULL REFERENCES lti_contexts (id),
    resource_link_id NVARCHAR(255) NOT NULL,
    title NVARCHAR(MAX) NULL,
    description NVARCHAR(MAX) NULL,
    ags_line_item_url NVARCHAR(450) NULL,
    custom_json NVARCHAR(MAX) NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (registration_id, resource_link_id)
);

CREATE TABLE lti_sessions (
    id_hash NVARCHAR(128) NOT NULL PRIMARY KEY,
    registration_id NVARCHAR(128) NOT NULL REFERENCES platform_registrations (id),
    deployment_id NVARCHAR(255) NOT NULL,
    user_ref NVARCHAR(128) NOT NULL REFERENCES lti_users (id),
    context_ref NVARCHAR(128) NULL,
    resource_link_ref NVARCHAR(128) NULL,
    role NVARCHAR(128) NOT NULL,
    roles NVARCHAR(450) NOT NULL,
    message_type NVARCHAR(450) NOT NULL,
    launch_json NVARCHAR(MAX) NOT NULL,
    csrf_token NVARCHAR(450) NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_lti_sessions_expires ON lti_sessions (expires_at_ms);

CREATE TABLE tool_keys (
    kid NVARCHAR(128) NOT NULL PRIMARY KEY,
    status NVARCHAR(128) NOT NULL,
    protected_private_key NVARCHAR(MAX) NOT NULL,
    public_jwk NVARCHAR(MAX) NOT NULL,
    created_at_ms BIGINT NOT NULL,
    activated_at_ms BIGINT NULL,
    retired_at_ms BIGINT NULL
);

-- At most one key signs at a time and at most one waits to take over; nodes that start together
-- race on these indexes instead of creating two current keys.
CREATE UNIQUE INDEX ux_tool_keys_current ON tool_keys (status) WHERE status = 'Current';
CREATE UNIQUE INDEX ux_tool_keys_next ON tool_keys (status) WHERE status = 'Next';
