-- Capped points per teacher and district-local day: the sum of the points of the day's capped
-- award rows (any status, no reversal rows), kept in the ledger's transaction, so the daily cap
-- reads one row per teacher and day instead of summing the day's ledger rows.
CREATE TABLE gamification_capped_points (
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    local_day INTEGER NOT NULL,
    points INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, user_id, local_day)
);

INSERT INTO gamification_capped_points (tenant_id, user_id, local_day, points)
SELECT tenant_id, user_id, local_day, SUM(points) FROM gamification_ledger
WHERE capped = 1 AND reverses_award_key IS NULL
GROUP BY tenant_id, user_id, local_day;
