-- A location manager limited to some stores stays limited when those stores go away (deleted, or their brand removed
-- from the user): "no assignments left" must mean "sees no store", not "sees every store of the brand".
ALTER TABLE users ADD COLUMN limited_to_locations boolean NOT NULL DEFAULT false;
UPDATE users u SET limited_to_locations = true WHERE EXISTS (SELECT 1 FROM user_locations ul WHERE ul.user_id = u.id);
