-- Brands: slug shape enforced by the database too (the API validates first and explains).
ALTER TABLE brands ADD CONSTRAINT brands_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$');
CREATE INDEX brands_created_idx ON brands (created_at, id);

-- Locations: coordinates come as a pair.
ALTER TABLE locations ADD CONSTRAINT locations_coordinates_pair CHECK ((latitude IS NULL) = (longitude IS NULL));

-- Every sort the location lists offer has an index: per brand (nested list) and across brands (GET /locations as admin).
-- (brand_id, lower(name), id), (brand_id, created_at, id), (brand_id, lower(city), id) exist since 0002.
CREATE INDEX locations_brand_store_number_idx ON locations (brand_id, store_number, id);
CREATE INDEX locations_name_idx ON locations (lower(name), id);
CREATE INDEX locations_store_number_idx ON locations (store_number, id);
CREATE INDEX locations_city_idx ON locations (lower(city), id);
CREATE INDEX locations_created_idx ON locations (created_at, id);

-- The admin user list sorts by username (users_username_key), createdAt and role.
CREATE INDEX users_created_idx ON users (created_at, id);
CREATE INDEX users_role_idx ON users (role, lower(username), id);
