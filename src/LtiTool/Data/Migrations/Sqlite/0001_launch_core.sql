CREATE TABLE districts (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE platform_registrations (
    id TEXT NOT NULL PRIMARY KEY,
    district_id TEXT NOT NULL REFERENCES districts (id),
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    auth_url TEXT NOT NULL,
    token_url TEXT NOT NULL,
    jwks_url TEXT NOT NULL,
    token_audience TEXT NULL,
    source TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (issuer, client_id)
);

CREATE TABLE platform_deployments (
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    deployment_id TEXT NOT NULL,
    status TEXT NOT NULL,
    first_seen_at_ms INTEGER NOT NULL,
    approved_at_ms INTEGER NULL,
    PRIMARY KEY (registration_id, deployment_id)
);

CREATE TABLE login_states (
    state TEXT NOT NULL PRIMARY KEY,
    nonce TEXT NOT NULL,
    registration_id TEXT NOT NULL,
    deployment_id TEXT NULL,
    target_link_uri TEXT NOT NULL,
    browser_binding_hash TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    consumed_at_ms INTEGER NULL
);
CREATE INDEX ix_login_states_expires ON login_states (expires_at_ms);

CREATE TABLE used_nonces (
    registration_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    PRIMARY KEY (registration_id, nonce)
);
CREATE INDEX ix_used_nonces_expires ON used_nonces (expires_at_ms);

CREATE TABLE lti_users (
    id TEXT NOT NULL PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    subject TEXT NOT NULL,
    name TEXT NULL,
    given_name TEXT NULL,
    family_name TEXT NULL,
    email TEXT NULL,
    locale TEXT NULL,
    person_sourcedid TEXT NULL,
    created_at_ms INTEGER NOT NULL,
    last_launch_at_ms INTEGER NOT NULL,
    UNIQUE (registration_id, subject)
);

CREATE TABLE lti_contexts (
    id TEXT NOT NULL PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    deployment_id TEXT NOT NULL,
    context_id TEXT NOT NULL,
    label TEXT NULL,
    title TEXT NULL,
    context_types TEXT NULL,
    nrps_url TEXT NULL,
    ags_line_items_url TEXT NULL,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    UNIQUE (registration_id, context_id)
);

CREATE TABLE lti_resource_links (
    id TEXT NOT NULL PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    deployment_id TEXT NOT NULL,
    context_ref TEXT NULL REFERENCES lti_contexts (id),
    resource_link_id TEXT NOT NULL,
    title TEXT NULL,
    description TEXT NULL,
    ags_line_item_url TEXT NULL,
    custom_json TEXT NULL,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    UNIQUE (registration_id, resource_link_id)
);

CREATE TABLE lti_sessions (
    id_hash TEXT NOT NULL PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES platform_registrations (id),
    deployment_id TEXT NOT NULL,
    user_ref TEXT NOT NULL REFERENCES lti_users (id),
    context_ref TEXT NULL,
    resource_link_ref TEXT NULL,
    role TEXT NOT NULL,
    roles TEXT NOT NULL,
    message_type TEXT NOT NULL,
    launch_json TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
CREATE INDEX ix_lti_sessions_expires ON lti_sessions (expires_at_ms);

CREATE TABLE tool_keys (
    kid TEXT NOT NULL PRIMARY KEY,
    status TEXT NOT NULL,
    protected_private_key TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    activated_at_ms INTEGER NULL,
    retired_at_ms INTEGER NULL
);

-- At most one key signs at a time and at most one waits to take over; nodes that start together
-- race on these indexes instead of creating two current keys.
CREATE UNIQUE INDEX ux_tool_keys_current ON tool_keys (status) WHERE status = 'Current';
CREATE UNIQUE INDEX ux_tool_keys_next ON tool_keys (status) WHERE status = 'Next';
