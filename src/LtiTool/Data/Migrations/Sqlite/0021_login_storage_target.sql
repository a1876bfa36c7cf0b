-- The frame a platform named in lti_storage_target at login (LTI Platform Storage), or NULL.
-- The launch uses it to read state and nonce back when the login cookie is missing.

ALTER TABLE login_states ADD COLUMN storage_target TEXT NULL;
