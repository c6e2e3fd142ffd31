CREATE TABLE brands (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    slug        text NOT NULL,
    settings    jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT brands_slug_key UNIQUE (slug)
);
CREATE INDEX brands_name_idx ON brands (lower(name), id);

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    username       text NOT NULL,
    email          text,
    display_name   text,
    password_hash  text NOT NULL,
    role           text NOT NULL CHECK (role IN ('admin', 'brandManager', 'locationManager', 'viewer')),
    is_active      boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL;

CREATE TABLE user_brands (
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    brand_id  uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, brand_id)
);
CREATE INDEX user_brands_brand_idx ON user_brands (brand_id);

CREATE TABLE locations (
    id            uuid PRIMARY KEY,
    brand_id      uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    store_number  text NOT NULL,
    name          text NOT NULL,
    street        text,
    city          text,
    state         text,
    postal_code   text,
    country       text,
    time_zone     text NOT NULL,
    latitude      double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude     double precision CHECK (longitude BETWEEN -180 AND 180),
    attributes    jsonb NOT NULL DEFAULT '{}',
    is_active     boolean NOT NULL DEFAULT true,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    search_text   text GENERATED ALWAYS AS (
        lower(name || ' ' || store_number || ' ' || coalesce(street, '') || ' ' || coalesce(city, '') || ' ' ||
              coalesce(state, '') || ' ' || coalesce(postal_code, ''))) STORED,
    CONSTRAINT locations_brand_store_number_key UNIQUE (brand_id, store_number)
);
CREATE INDEX locations_brand_name_idx ON locations (brand_id, lower(name), id);
CREATE INDEX locations_brand_created_idx ON locations (brand_id, created_at, id);
CREATE INDEX locations_brand_city_idx ON locations (brand_id, lower(city), id);
CREATE INDEX locations_search_trgm_idx ON locations USING gin (search_text gin_trgm_ops);
CREATE INDEX locations_attributes_idx ON locations USING gin (attributes jsonb_path_ops);

CREATE TABLE user_locations (
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    location_id  uuid NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, location_id)
);
CREATE INDEX user_locations_location_idx ON user_locations (location_id);

-- Refresh tokens are stored as SHA-256 hashes. Rotation links each token to its successor;
-- presenting a token that was already rotated revokes the whole family.
CREATE TABLE refresh_tokens (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id    uuid NOT NULL,
    token_hash   bytea NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    replaced_by  uuid,
    revoked_at   timestamptz,
    CONSTRAINT refresh_tokens_hash_key UNIQUE (token_hash)
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- ASP.NET Core Data Protection key ring, shared by every instance of the app.
CREATE TABLE data_protection_keys (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text NOT NULL,
    xml           text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Every change made through the API, by whom, in which brand.
CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor_id   uuid,
    brand_id   uuid,
    action     text NOT NULL,
    entity     text NOT NULL,
    entity_id  uuid,
    details    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_brand_at_idx ON audit_log (brand_id, at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_id);

-- Idempotency-Key: the unique key (user, key) is the guard; the stored response is replayed.
CREATE TABLE idempotency_keys (
    user_id        uuid NOT NULL,
    key            text NOT NULL,
    request_hash   bytea NOT NULL,
    status_code    integer,
    response_body  text,
    location       text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
