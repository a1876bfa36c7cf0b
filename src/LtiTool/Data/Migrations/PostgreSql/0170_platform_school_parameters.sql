-- The launch custom parameters that carry a teacher's school id and school name, per registration,
-- so `platform add --school-parameter` can map schools as Lti:Platforms:N:SchoolParameter does.
-- NULL: the registration maps none, and schools come only from a roster CSV.

ALTER TABLE platform_registrations ADD COLUMN school_parameter VARCHAR(255) NULL;
ALTER TABLE platform_registrations ADD COLUMN school_name_parameter VARCHAR(255) NULL;
