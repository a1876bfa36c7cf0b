-- Running totals of counted points per teacher and season, kept in step with the ledger inside
-- the same transaction, so a district leaderboard reads ranks from an index instead of summing
-- the whole ledger. season_id '' is all time. ranked is 1 while the participant's role is teacher.
CREATE TABLE gamification_standings (
    tenant_id NVARCHAR(100) NOT NULL,
    season_id NVARCHAR(100) NOT NULL,
    user_id NVARCHAR(64) NOT NULL,
    points BIGINT NOT NULL,
    ranked INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, season_id, user_id)
);
CREATE INDEX ix_gamification_standings_rank ON gamification_standings (tenant_id, season_id, ranked, points, user_id);

-- How many ranked teachers hold each point total, per season, kept in step with the standings.
-- A rank is 1 + the sum over higher totals, one row per distinct total, instead of counting
-- every teacher above.
CREATE TABLE gamification_standing_counts (
    tenant_id NVARCHAR(100) NOT NULL,
    season_id NVARCHAR(100) NOT NULL,
    points BIGINT NOT NULL,
    teachers BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, season_id, points)
);

-- Held awards are listed for review by tenant and status.
CREATE INDEX ix_gamification_ledger_status ON gamification_ledger (tenant_id, status, position);
