-- Level images a PD leader uploads on the district settings page, one per district and level
-- number. The bytes stay in the database, never in a folder the web server serves, and every
-- upload gets a new random image_id, which names it in its URL.
CREATE TABLE district_level_images (
    district_id TEXT NOT NULL REFERENCES districts (id),
    level_number INTEGER NOT NULL,
    image_id TEXT NOT NULL,
    media_type TEXT NOT NULL,
    image_bytes BLOB NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (district_id, level_number)
);
