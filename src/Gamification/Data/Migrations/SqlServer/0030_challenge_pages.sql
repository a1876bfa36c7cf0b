-- Challenge pages: a challenge is district-wide (school_id NULL) or for one school, may set a
-- goal in points (NULL keeps the rule that the tied leaders win), may have its own badge, and
-- records who created or ended it and when its winners were decided.
ALTER TABLE gamification_challenges ADD school_id NVARCHAR(200) NULL;
ALTER TABLE gamification_challenges ADD goal_points INT NULL;
ALTER TABLE gamification_challenges ADD badge_id NVARCHAR(100) NULL;
ALTER TABLE gamification_challenges ADD created_by NVARCHAR(200) NULL;
ALTER TABLE gamification_challenges ADD ended_early_by NVARCHAR(200) NULL;
ALTER TABLE gamification_challenges ADD closed_at_ms BIGINT NULL;
