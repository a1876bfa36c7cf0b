-- The position of each credential in its district's Bitstring Status List (W3C Bitstring Status
-- List v1.0), drawn at random so a position reveals nothing about the order of issue. Credentials
-- issued before this column get their position on their next download.
ALTER TABLE gamification_credentials ADD status_index INT NULL;
CREATE UNIQUE INDEX ux_gamification_credentials_status_index ON gamification_credentials (tenant_id, status_index) WHERE status_index IS NOT NULL;
