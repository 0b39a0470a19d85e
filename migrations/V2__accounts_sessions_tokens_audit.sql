-- Tierra schema, version 2: who may do what (accounts, roles per trust, sessions, API tokens) and the
-- append-only, hash-chained record of what they did (audit).

CREATE TABLE app_user (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       text NOT NULL,
    display_name   text NOT NULL,
    password_hash  text NOT NULL,
    -- The server-wide operator creates trusts and their first admin; it holds no role in a trust.
    is_operator    boolean NOT NULL DEFAULT false,
    disabled_at    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT app_user_username_unique UNIQUE (username),
    CONSTRAINT app_user_username_format CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    CONSTRAINT app_user_display_name_not_blank CHECK (btrim(display_name) <> '')
);

COMMENT ON TABLE app_user IS 'A person or program that signs in. Personal data: never in public responses.';

-- One role per user per trust; a user may hold different roles in different trusts.
CREATE TABLE membership (
    user_id     bigint NOT NULL REFERENCES app_user (id),
    trust_id    bigint NOT NULL REFERENCES trust (id),
    role        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, trust_id),
    CONSTRAINT membership_role_known CHECK (role IN ('admin', 'board', 'staff', 'lessee', 'researcher'))
);

CREATE INDEX membership_trust_idx ON membership (trust_id);

-- Only the hash of the session id is stored: a copy of this table opens no session. (The CSRF token
-- is derived from the session id, so it needs no storage.)
CREATE TABLE session (
    token_hash     bytea PRIMARY KEY,
    user_id        bigint NOT NULL REFERENCES app_user (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    client_address text,
    CONSTRAINT session_token_hash_length CHECK (octet_length(token_hash) = 32)
);

CREATE INDEX session_user_idx ON session (user_id);

CREATE TABLE api_token (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES app_user (id),
    trust_id      bigint NOT NULL REFERENCES trust (id),
    role          text NOT NULL,
    name          text NOT NULL,
    token_hash    bytea NOT NULL,
    -- The first characters of the token, shown in lists so a user can tell tokens apart.
    token_prefix  text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    CONSTRAINT api_token_hash_unique UNIQUE (token_hash),
    CONSTRAINT api_token_role_known CHECK (role IN ('admin', 'board', 'staff', 'lessee', 'researcher')),
    CONSTRAINT api_token_name_not_blank CHECK (btrim(name) <> ''),
    CONSTRAINT api_token_expires_after_creation CHECK (expires_at > created_at)
);

CREATE INDEX api_token_user_idx ON api_token (user_id);
CREATE INDEX api_token_trust_idx ON api_token (trust_id);

-- The audit log. Each entry's hash covers its content and the previous entry's hash, so changing,
-- removing or inserting an entry anywhere breaks the chain from there on. Entries are numbered
-- without gaps by the trigger below, in the order they are chained.
CREATE TABLE audit_entry (
    id             bigint PRIMARY KEY,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    actor_user_id  bigint REFERENCES app_user (id),
    -- who, as it read at the time (a username, or 'system' for start-up work such as demo data)
    actor          text NOT NULL,
    trust_id       bigint REFERENCES trust (id),
    entity         text NOT NULL,
    entity_id      text NOT NULL,
    action         text NOT NULL,
    reason         text,
    request_id     text,
    details        jsonb NOT NULL DEFAULT '{}',
    previous_hash  bytea NOT NULL,
    hash           bytea NOT NULL
);

CREATE INDEX audit_entry_trust_idx ON audit_entry (trust_id, id);
CREATE INDEX audit_entry_entity_idx ON audit_entry (entity, entity_id);

COMMENT ON TABLE audit_entry IS 'Append-only, hash-chained record of every write. UPDATE, DELETE and TRUNCATE are refused.';

-- The text an entry's hash covers. Changing it would break every chain: add a new version instead.
CREATE FUNCTION audit_entry_content(entry audit_entry) RETURNS bytea
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT convert_to(
        concat_ws(E'\x1f',
            entry.id::text,
            to_char(entry.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            coalesce(entry.actor_user_id::text, ''),
            entry.actor,
            coalesce(entry.trust_id::text, ''),
            entry.entity,
            entry.entity_id,
            entry.action,
            coalesce(entry.reason, ''),
            coalesce(entry.request_id, ''),
            entry.details::text,
            encode(entry.previous_hash, 'hex')),
        'UTF8')
$$;

CREATE FUNCTION audit_entry_chain() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    last audit_entry;
BEGIN
    -- One writer at a time appends, until its transaction ends: the chain never forks.
    PERFORM pg_advisory_xact_lock(7461756469740001);
    SELECT * INTO last FROM audit_entry ORDER BY id DESC LIMIT 1;
    NEW.id := coalesce(last.id, 0) + 1;
    NEW.previous_hash := coalesce(last.hash, '\x'::bytea);
    NEW.hash := sha256(audit_entry_content(NEW));
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_entry_chain BEFORE INSERT ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_chain();

CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();

CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change();
