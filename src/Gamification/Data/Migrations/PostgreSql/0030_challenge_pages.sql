-- Challenge pages: a challenge is district-wide (school_id NULL) or for one school, may set a
-- goal in points (NULL keeps the rule that the tied leaders win), may have its own badge, and
-- records who created or ended it and when its winners were decided.
ALTER TABLE gamification_challenges ADD COLUMN school_id VARCHAR(200) NULL;
ALTER TABLE gamification_challenges ADD COLUMN goal_points INTEGER NULL;
ALTER TABLE gamification_challenges ADD COLUMN badge_id VARCHAR(100) NULL;
ALTER TABLE gamification_challenges ADD COLUMN created_by VARCHAR(200) NULL;
ALTER TABLE gamification_challenges ADD COLUMN ended_early_by VARCHAR(200) NULL;
ALTER TABLE gamification_challenges ADD COLUMN closed_at_ms BIGINT NULL;
