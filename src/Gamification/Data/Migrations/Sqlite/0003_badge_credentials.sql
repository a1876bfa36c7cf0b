-- Open Badges credentials handed out for earned badges. The credential id is random, so a public
-- credential URL reveals nothing about the teacher. A revoked credential stays listed with its
-- reason, for the district's revocation list and the 410 answer of its hosted assertion.
CREATE TABLE gamification_credentials (
    credential_id TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    badge_id TEXT NOT NULL,
    issued_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER NULL,
    revoked_by TEXT NULL,
    revocation_reason TEXT NULL,
    UNIQUE (tenant_id, user_id, badge_id)
);
CREATE INDEX ix_gamification_credentials_revoked ON gamification_credentials (tenant_id, revoked_at_ms);

-- RSA keys that sign a district's badge credentials. The private key is protected by the host
-- (ASP.NET Core data protection) before it is stored; the public JWK is published.
CREATE TABLE gamification_issuer_keys (
    tenant_id TEXT NOT NULL,
    kid TEXT NOT NULL,
    protected_private_key TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, kid)
);
