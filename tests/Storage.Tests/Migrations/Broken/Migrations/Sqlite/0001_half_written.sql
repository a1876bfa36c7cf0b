-- Fails in its second statement, so the first must be rolled back with it.
CREATE TABLE half_written (id INTEGER NOT NULL);
INSERT INTO no_such_table (id) VALUES (1);
