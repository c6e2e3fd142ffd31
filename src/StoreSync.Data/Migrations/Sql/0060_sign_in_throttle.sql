-- Per-account throttle of failed sign-ins (issue 14 #5). One row per account that failed recently: keyed by the user's
-- id when the login names one, else by a SHA-256 of the login as typed (lowercased), so unknown names are throttled exactly
-- like known ones and the 429 tells nothing about which exist. A success deletes the row.
CREATE TABLE sign_in_throttle (
    login_key        text PRIMARY KEY,
    failures         integer NOT NULL,
    last_attempt_at  timestamptz NOT NULL,
    -- No attempt is evaluated before this instant (NULL: not delayed). Attempts refused meanwhile do not count.
    blocked_until    timestamptz
);
-- Pruning rows of accounts quiet for a day walks this index, never the table.
CREATE INDEX sign_in_throttle_last_attempt_idx ON sign_in_throttle (last_attempt_at);
