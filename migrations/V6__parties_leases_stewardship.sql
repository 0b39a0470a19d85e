-- Tierra schema, version 6: the land trust's economics. Parties (people, households, cooperatives,
-- organizations) and their memberships over time; ground leases on parcels, with lessees' shares, fees,
-- escalation and a versioned resale policy; the fee ledger; stewardship events, obligations and
-- documents. Every invariant that matters is held by PostgreSQL itself:
--   * at most one lease in force per parcel at any moment (an EXCLUDE constraint, race-proof);
--   * lessees' shares add up to exactly 1 (exact rational arithmetic, checked at commit);
--   * rows of one trust only ever point at rows of the same trust (composite foreign keys);
--   * the ledger, policy versions, events and documents are append-only; parties, leases and
--     obligations keep every version (record_version), like parcels do (V3).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gist') THEN
        CREATE EXTENSION btree_gist; -- a trusted extension: the database owner may create it
    END IF;
END
$$;

-- So that child rows can require "same trust" with a composite foreign key.
ALTER TABLE parcel ADD CONSTRAINT parcel_id_trust_unique UNIQUE (id, trust_id);

ALTER TABLE trust
    ADD COLUMN event_location_tolerance_m double precision NOT NULL DEFAULT 25
        CONSTRAINT trust_event_location_tolerance_not_negative CHECK (event_location_tolerance_m >= 0);

COMMENT ON COLUMN trust.event_location_tolerance_m IS
    'A stewardship event''s point may fall this far outside its parcel (GPS error on a phone).';

-- ---------------------------------------------------------------------------------------------------
-- Versions of parties, leases and obligations: one immutable row per state, written by a trigger.
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE record_version (
    entity           text NOT NULL,      -- the table: party, ground_lease, obligation
    entity_id        bigint NOT NULL,
    version          integer NOT NULL,
    trust_id         bigint NOT NULL REFERENCES trust (id),
    valid_from       timestamptz NOT NULL,
    valid_to         timestamptz,
    operation        text NOT NULL,
    snapshot         jsonb NOT NULL,     -- the whole row as it was (personal data: private like the row)
    changed_by       bigint REFERENCES app_user (id),
    changed_by_name  text NOT NULL,
    reason           text NOT NULL,
    request_id       text,
    PRIMARY KEY (entity, entity_id, version),
    CONSTRAINT record_version_valid_time CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

COMMENT ON TABLE record_version IS 'Every state a party, lease or obligation has had. Immutable but for closing valid_to once.';

CREATE FUNCTION record_version() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    actor text := parcel_change_setting('actor');
    reason text := parcel_change_setting('reason');
BEGIN
    IF actor IS NULL OR reason IS NULL THEN
        RAISE EXCEPTION 'a change to % needs who and why: set tierra.actor and tierra.reason for the transaction',
            TG_TABLE_NAME USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.version <> 1 THEN
            RAISE EXCEPTION 'a new % starts at version 1', TG_TABLE_NAME;
        END IF;
    ELSE
        IF NEW.version <> OLD.version + 1 THEN
            RAISE EXCEPTION 'every change of % % must raise its version by one (from %, got %)',
                TG_TABLE_NAME, OLD.id, OLD.version, NEW.version;
        END IF;
        IF NEW.trust_id <> OLD.trust_id THEN
            RAISE EXCEPTION 'a % never moves to another trust', TG_TABLE_NAME;
        END IF;
        UPDATE record_version SET valid_to = now()
        WHERE entity = TG_TABLE_NAME AND entity_id = OLD.id AND version = OLD.version;
    END IF;
    INSERT INTO record_version (entity, entity_id, version, trust_id, valid_from, operation, snapshot, changed_by,
                                changed_by_name, reason, request_id)
    VALUES (TG_TABLE_NAME, NEW.id, NEW.version, NEW.trust_id, now(),
            coalesce(parcel_change_setting('operation'), CASE TG_OP WHEN 'INSERT' THEN 'create' ELSE 'update' END),
            to_jsonb(NEW), parcel_change_setting('actor_id')::bigint, actor, reason,
            parcel_change_setting('request_id'));
    RETURN NULL;
END
$$;

CREATE FUNCTION record_version_guard() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.valid_to IS NULL AND NEW.valid_to IS NOT NULL
            AND (NEW.entity, NEW.entity_id, NEW.version, NEW.trust_id, NEW.valid_from, NEW.operation, NEW.snapshot,
                 NEW.changed_by, NEW.changed_by_name, NEW.reason, NEW.request_id)
                IS NOT DISTINCT FROM (OLD.entity, OLD.entity_id, OLD.version, OLD.trust_id, OLD.valid_from, OLD.operation,
                 OLD.snapshot, OLD.changed_by, OLD.changed_by_name, OLD.reason, OLD.request_id) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'record versions are immutable: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER record_version_guard BEFORE UPDATE OR DELETE ON record_version
    FOR EACH ROW EXECUTE FUNCTION record_version_guard();

-- Shared by the append-only tables below.
CREATE FUNCTION refuse_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER record_version_no_truncate BEFORE TRUNCATE ON record_version
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- ---------------------------------------------------------------------------------------------------
-- Parties (LADM LA_Party). Personal data: visible only to the trust's admin, board and staff, and to
-- the person's own account.
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE currency (
    code         text PRIMARY KEY CONSTRAINT currency_code_format CHECK (code ~ '^[A-Z]{3}$'),
    minor_units  integer NOT NULL CONSTRAINT currency_minor_units_range CHECK (minor_units BETWEEN 0 AND 2),
    name_es      text NOT NULL,
    name_en      text NOT NULL
);

COMMENT ON TABLE currency IS 'ISO 4217 currencies Tierra accepts, with the decimals amounts are rounded to.';

INSERT INTO currency (code, minor_units, name_es, name_en) VALUES
    ('MXN', 2, 'Peso mexicano', 'Mexican peso'),
    ('USD', 2, 'Dólar estadounidense', 'US dollar'),
    ('CAD', 2, 'Dólar canadiense', 'Canadian dollar'),
    ('EUR', 2, 'Euro', 'Euro'),
    ('GBP', 2, 'Libra esterlina', 'Pound sterling'),
    ('GTQ', 2, 'Quetzal', 'Guatemalan quetzal'),
    ('HNL', 2, 'Lempira', 'Honduran lempira'),
    ('NIO', 2, 'Córdoba', 'Nicaraguan córdoba'),
    ('CRC', 2, 'Colón costarricense', 'Costa Rican colón'),
    ('COP', 2, 'Peso colombiano', 'Colombian peso'),
    ('PEN', 2, 'Sol', 'Peruvian sol'),
    ('BOB', 2, 'Boliviano', 'Bolivian boliviano'),
    ('BRL', 2, 'Real brasileño', 'Brazilian real'),
    ('ARS', 2, 'Peso argentino', 'Argentine peso'),
    ('CLP', 0, 'Peso chileno', 'Chilean peso'),
    ('UYU', 2, 'Peso uruguayo', 'Uruguayan peso'),
    ('KES', 2, 'Chelín keniano', 'Kenyan shilling'),
    ('ZAR', 2, 'Rand', 'South African rand'),
    ('INR', 2, 'Rupia india', 'Indian rupee'),
    ('PHP', 2, 'Peso filipino', 'Philippine peso');

CREATE TABLE party (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trust_id       bigint NOT NULL REFERENCES trust (id),
    kind           text NOT NULL,
    -- How the party is named in lists: a person's full name, a household's, cooperative's or organization's name.
    name           text NOT NULL,
    given_names    text,
    family_names   text,
    -- Optional, for gender-disaggregated tenure indicators (SDG 5.a.1); never required.
    gender         text,
    curp           text,
    rfc            text,
    -- [{"kind": "phone"|"email"|"whatsapp"|"postal_address", "value": "...", "consent": true|false,
    --   "consentRecordedOn": "YYYY-MM-DD"}]: kept with the party so that each version holds its contacts.
    contacts       jsonb NOT NULL DEFAULT '[]',
    -- The account this person signs in with (a lessee reading their own leases).
    user_id        bigint REFERENCES app_user (id),
    notes          text,
    version        integer NOT NULL DEFAULT 1 CONSTRAINT party_version_positive CHECK (version >= 1),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT party_id_trust_unique UNIQUE (id, trust_id),
    CONSTRAINT party_kind_known CHECK (kind IN ('person', 'household', 'cooperative', 'organization')),
    CONSTRAINT party_name_not_blank CHECK (btrim(name) <> ''),
    CONSTRAINT party_person_names CHECK ((kind = 'person') = (given_names IS NOT NULL AND family_names IS NOT NULL)),
    CONSTRAINT party_person_only_fields CHECK (kind = 'person' OR (gender IS NULL AND curp IS NULL)),
    CONSTRAINT party_gender_known CHECK (gender IN ('female', 'male', 'non_binary', 'undisclosed')),
    -- CURP: 18 characters (RENAPO). Its check digit is verified by the application, which says which is wrong.
    CONSTRAINT party_curp_format CHECK (curp ~ '^[A-Z][AEIOUX][A-Z]{2}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z][0-9]$'),
    -- RFC (SAT): 13 characters for a person, 12 for a cooperative or organization.
    CONSTRAINT party_rfc_format CHECK (rfc ~ '^[A-ZÑ&]{3,4}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[A-Z0-9]{2}[0-9A]$'),
    CONSTRAINT party_rfc_length_by_kind CHECK (rfc IS NULL OR (kind = 'person') = (length(rfc) = 13)),
    CONSTRAINT party_contacts_array CHECK (jsonb_typeof(contacts) = 'array'),
    CONSTRAINT party_curp_unique_per_trust UNIQUE (trust_id, curp),
    CONSTRAINT party_user_unique_per_trust UNIQUE (trust_id, user_id)
);

COMMENT ON TABLE party IS 'A person, household, cooperative or organization holding or seeking rights. Personal data.';

CREATE INDEX party_trust_idx ON party (trust_id);
CREATE INDEX party_user_idx ON party (user_id) WHERE user_id IS NOT NULL;

CREATE TRIGGER party_record_version AFTER INSERT OR UPDATE ON party
    FOR EACH ROW EXECUTE FUNCTION record_version();

CREATE TRIGGER party_refuse_delete BEFORE DELETE OR TRUNCATE ON party
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Members of a household, cooperative or organization, over time.
CREATE TABLE party_group_member (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trust_id    bigint NOT NULL REFERENCES trust (id),
    group_id    bigint NOT NULL,
    member_id   bigint NOT NULL,
    -- head: the household's head or a group's legal representative.
    role        text NOT NULL DEFAULT 'member',
    valid_during daterange NOT NULL,
    FOREIGN KEY (group_id, trust_id) REFERENCES party (id, trust_id),
    FOREIGN KEY (member_id, trust_id) REFERENCES party (id, trust_id),
    CONSTRAINT party_group_member_not_self CHECK (group_id <> member_id),
    CONSTRAINT party_group_member_role_known CHECK (role IN ('head', 'member')),
    CONSTRAINT party_group_member_dated CHECK (NOT isempty(valid_during) AND NOT lower_inf(valid_during)),
    CONSTRAINT party_group_member_once_at_a_time
        EXCLUDE USING gist (group_id WITH =, member_id WITH =, valid_during WITH &&)
);

CREATE INDEX party_group_member_member_idx ON party_group_member (member_id);

-- A party's standing in a trust or ejido over time (Ley Agraria: ejidatario, comunero, posesionario,
-- avecindado; CLT: lessee; both: board member, with the CLT's tripartite seat classes).
CREATE TABLE party_membership (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trust_id      bigint NOT NULL REFERENCES trust (id),
    party_id      bigint NOT NULL,
    role          text NOT NULL,
    seat_class    text,
    valid_during  daterange NOT NULL,
    FOREIGN KEY (party_id, trust_id) REFERENCES party (id, trust_id),
    CONSTRAINT party_membership_role_known
        CHECK (role IN ('ejidatario', 'comunero', 'posesionario', 'avecindado', 'lessee', 'board_member')),
    CONSTRAINT party_membership_seat_class_known CHECK (seat_class IN ('lessee', 'community', 'public')),
    CONSTRAINT party_membership_seat_for_board_only CHECK ((role = 'board_member') = (seat_class IS NOT NULL)),
    CONSTRAINT party_membership_dated CHECK (NOT isempty(valid_during) AND NOT lower_inf(valid_during)),
    CONSTRAINT party_membership_once_at_a_time
        EXCLUDE USING gist (party_id WITH =, role WITH =, valid_during WITH &&)
);

CREATE INDEX party_membership_trust_idx ON party_membership (trust_id);

-- ---------------------------------------------------------------------------------------------------
-- Resale policies: how the price of a home on leased land is capped when it is sold. Each version is
-- immutable; a lease keeps the version it signed.
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE resale_policy (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trust_id    bigint NOT NULL REFERENCES trust (id),
    code        text NOT NULL,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT resale_policy_id_trust_unique UNIQUE (id, trust_id),
    CONSTRAINT resale_policy_code_unique_per_trust UNIQUE (trust_id, code),
    CONSTRAINT resale_policy_code_format CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    CONSTRAINT resale_policy_name_not_blank CHECK (btrim(name) <> '')
);

CREATE TABLE resale_policy_version (
    policy_id        bigint NOT NULL REFERENCES resale_policy (id),
    version          integer NOT NULL CONSTRAINT resale_policy_version_positive CHECK (version >= 1),
    -- appraisal: original price + share × appreciation + improvement credits;
    -- fixed_rate: simple or compound % per year; index_linked: price × index now / index at purchase;
    -- itemized: original price + listed items.
    family           text NOT NULL,
    terms            jsonb NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       bigint REFERENCES app_user (id),
    created_by_name  text NOT NULL,
    reason           text NOT NULL,
    PRIMARY KEY (policy_id, version),
    CONSTRAINT resale_policy_version_family_known
        CHECK (family IN ('appraisal', 'fixed_rate', 'index_linked', 'itemized')),
    CONSTRAINT resale_policy_version_terms_object CHECK (jsonb_typeof(terms) = 'object')
);

CREATE TRIGGER resale_policy_version_append_only BEFORE UPDATE OR DELETE ON resale_policy_version
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Price indexes for index-linked resale prices and fee escalation (e.g. INEGI's INPC), one value a month.
CREATE TABLE price_index (
    code      text PRIMARY KEY CONSTRAINT price_index_code_format CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,30}$'),
    name_es   text NOT NULL,
    name_en   text NOT NULL
);

INSERT INTO price_index (code, name_es, name_en) VALUES
    ('inpc', 'Índice Nacional de Precios al Consumidor (INEGI)', 'Mexico''s national consumer price index (INEGI)');

CREATE TABLE price_index_value (
    index_code  text NOT NULL REFERENCES price_index (code),
    month       date NOT NULL CONSTRAINT price_index_value_first_of_month CHECK (extract(day FROM month) = 1),
    value       numeric(14, 6) NOT NULL CONSTRAINT price_index_value_positive CHECK (value > 0),
    PRIMARY KEY (index_code, month)
);

-- ---------------------------------------------------------------------------------------------------
-- Ground leases (LADM LA_RRR, a right): who holds which land, for how long, for what fee.
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE ground_lease (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trust_id               bigint NOT NULL REFERENCES trust (id),
    code                   text NOT NULL,
    -- draft → active → assigned (improvements sold to the next household) | terminated | expired;
    -- draft → cancelled (never signed: it never held its parcels)
    status                 text NOT NULL DEFAULT 'draft',
    starts_on              date NOT NULL,
    -- exclusive: the lease is in force on starts_on .. ends_on - 1 day
    ends_on                date NOT NULL,
    renewable              boolean NOT NULL DEFAULT true,
    renewal_term_years     integer,
    permitted_use          text NOT NULL,
    fee_amount             numeric(16, 2) NOT NULL,
    currency               text NOT NULL DEFAULT 'MXN' REFERENCES currency (code),
    fee_period             text NOT NULL DEFAULT 'monthly',
    escalation             text NOT NULL DEFAULT 'none',
    escalation_percent     numeric(7, 4),
    escalation_index       text REFERENCES price_index (code),
    resale_policy_id       bigint,
    resale_policy_version  integer,
    -- What the lessees paid for the home (the improvements) and the facts at purchase a policy needs.
    purchase_price         numeric(16, 2),
    purchase_appraisal     numeric(16, 2),
    purchase_index_value   numeric(14, 6),
    closed_on              date,
    close_reason           text,
    notes                  text,
    version                integer NOT NULL DEFAULT 1 CONSTRAINT ground_lease_version_positive CHECK (version >= 1),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ground_lease_id_trust_unique UNIQUE (id, trust_id),
    -- lets ledger entries require the lease's own currency
    CONSTRAINT ground_lease_id_currency_unique UNIQUE (id, currency),
    CONSTRAINT ground_lease_code_unique_per_trust UNIQUE (trust_id, code),
    CONSTRAINT ground_lease_code_format CHECK (code ~ '^\S(.{0,62}\S)?$'),
    CONSTRAINT ground_lease_status_known CHECK (status IN ('draft', 'active', 'assigned', 'terminated', 'expired', 'cancelled')),
    CONSTRAINT ground_lease_ends_after_start CHECK (ends_on > starts_on),
    CONSTRAINT ground_lease_renewal_term CHECK (renewal_term_years IS NULL OR (renewable AND renewal_term_years BETWEEN 1 AND 999)),
    CONSTRAINT ground_lease_permitted_use_known CHECK (permitted_use IN ('residential', 'agricultural', 'commercial', 'mixed')),
    CONSTRAINT ground_lease_fee_not_negative CHECK (fee_amount >= 0),
    CONSTRAINT ground_lease_fee_period_known CHECK (fee_period IN ('monthly', 'quarterly', 'annual')),
    CONSTRAINT ground_lease_escalation_known CHECK (escalation IN ('none', 'fixed_percent', 'index_linked')),
    CONSTRAINT ground_lease_escalation_percent
        CHECK ((escalation = 'fixed_percent') = (escalation_percent IS NOT NULL)
               AND (escalation_percent IS NULL OR escalation_percent BETWEEN 0 AND 100)),
    CONSTRAINT ground_lease_escalation_index CHECK ((escalation = 'index_linked') = (escalation_index IS NOT NULL)),
    CONSTRAINT ground_lease_policy_whole CHECK ((resale_policy_id IS NULL) = (resale_policy_version IS NULL)),
    CONSTRAINT ground_lease_purchase_not_negative
        CHECK (coalesce(purchase_price, 0) >= 0 AND coalesce(purchase_appraisal, 0) >= 0
               AND coalesce(purchase_index_value, 1) > 0),
    CONSTRAINT ground_lease_closed_with_reason
        CHECK ((status IN ('assigned', 'terminated', 'expired', 'cancelled'))
               = (closed_on IS NOT NULL AND close_reason IS NOT NULL AND btrim(close_reason) <> '')),
    CONSTRAINT ground_lease_closed_within_term CHECK (closed_on IS NULL OR status = 'cancelled' OR (closed_on >= starts_on AND closed_on <= ends_on)),
    FOREIGN KEY (resale_policy_id, resale_policy_version) REFERENCES resale_policy_version (policy_id, version),
    FOREIGN KEY (resale_policy_id, trust_id) REFERENCES resale_policy (id, trust_id)
);

COMMENT ON TABLE ground_lease IS 'A ground lease: lessees, parcels, term, fee, resale policy. Versioned in record_version.';

CREATE INDEX ground_lease_trust_idx ON ground_lease (trust_id, status);

CREATE TRIGGER ground_lease_record_version AFTER INSERT OR UPDATE ON ground_lease
    FOR EACH ROW EXECUTE FUNCTION record_version();

CREATE TRIGGER ground_lease_refuse_delete BEFORE DELETE OR TRUNCATE ON ground_lease
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The days a lease holds its parcels: none while a draft or once cancelled; from its start to its end or
-- its closing.
CREATE FUNCTION ground_lease_in_force(status text, starts_on date, ends_on date, closed_on date) RETURNS daterange
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE WHEN status IN ('draft', 'cancelled') THEN NULL ELSE daterange(starts_on, coalesce(closed_on, ends_on), '[)') END
$$;

CREATE TABLE ground_lease_parcel (
    lease_id   bigint NOT NULL,
    parcel_id  bigint NOT NULL,
    trust_id   bigint NOT NULL,
    -- copied from the lease by triggers, so that one constraint on this table can see every lease of a parcel
    in_force   daterange,
    PRIMARY KEY (lease_id, parcel_id),
    FOREIGN KEY (lease_id, trust_id) REFERENCES ground_lease (id, trust_id),
    FOREIGN KEY (parcel_id, trust_id) REFERENCES parcel (id, trust_id),
    -- At most one lease in force on a parcel on any day, even when two requests race.
    CONSTRAINT ground_lease_parcel_one_lease_at_a_time
        EXCLUDE USING gist (parcel_id WITH =, in_force WITH &&) WHERE (in_force IS NOT NULL)
);

CREATE INDEX ground_lease_parcel_parcel_idx ON ground_lease_parcel (parcel_id);

CREATE TABLE ground_lease_lessee (
    lease_id           bigint NOT NULL,
    party_id           bigint NOT NULL,
    trust_id           bigint NOT NULL,
    -- an exact fraction: 1/3 is 1/3, not 0.3333
    share_numerator    integer NOT NULL,
    share_denominator  integer NOT NULL,
    PRIMARY KEY (lease_id, party_id),
    FOREIGN KEY (lease_id, trust_id) REFERENCES ground_lease (id, trust_id),
    FOREIGN KEY (party_id, trust_id) REFERENCES party (id, trust_id),
    CONSTRAINT ground_lease_lessee_share_fraction
        CHECK (share_numerator > 0 AND share_denominator > 0 AND share_numerator <= share_denominator)
);

CREATE INDEX ground_lease_lessee_party_idx ON ground_lease_lessee (party_id);

-- A parcel row takes its lease's days in force; a retired parcel takes no new lease.
CREATE FUNCTION ground_lease_parcel_prepare() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    lease ground_lease;
    parcel_status text;
BEGIN
    SELECT * INTO lease FROM ground_lease WHERE id = NEW.lease_id;
    IF TG_OP = 'INSERT' THEN
        IF lease.status <> 'draft' THEN
            RAISE EXCEPTION 'the parcels of lease % are fixed once it leaves draft', lease.code
                USING ERRCODE = 'check_violation';
        END IF;
        SELECT status INTO parcel_status FROM parcel WHERE id = NEW.parcel_id;
        IF parcel_status = 'retired' THEN
            RAISE EXCEPTION 'parcel % is retired and cannot be leased', NEW.parcel_id
                USING ERRCODE = 'check_violation';
        END IF;
    ELSIF (NEW.lease_id, NEW.parcel_id, NEW.trust_id) IS DISTINCT FROM (OLD.lease_id, OLD.parcel_id, OLD.trust_id) THEN
        RAISE EXCEPTION 'a lease''s parcel row is never rewritten' USING ERRCODE = 'check_violation';
    END IF;
    NEW.in_force := ground_lease_in_force(lease.status, lease.starts_on, lease.ends_on, lease.closed_on);
    RETURN NEW;
END
$$;

CREATE TRIGGER ground_lease_parcel_prepare BEFORE INSERT OR UPDATE ON ground_lease_parcel
    FOR EACH ROW EXECUTE FUNCTION ground_lease_parcel_prepare();

CREATE FUNCTION ground_lease_children_frozen() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF (SELECT status FROM ground_lease WHERE id = coalesce(NEW.lease_id, OLD.lease_id)) <> 'draft' THEN
        RAISE EXCEPTION 'the % rows of a lease are fixed once it leaves draft', TG_TABLE_NAME
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN coalesce(NEW, OLD);
END
$$;

CREATE TRIGGER ground_lease_lessee_frozen BEFORE INSERT OR UPDATE OR DELETE ON ground_lease_lessee
    FOR EACH ROW EXECUTE FUNCTION ground_lease_children_frozen();

CREATE TRIGGER ground_lease_parcel_no_delete BEFORE DELETE ON ground_lease_parcel
    FOR EACH ROW EXECUTE FUNCTION ground_lease_children_frozen();

-- When a lease's status or dates change, its parcels' days in force follow (and meet the EXCLUDE check).
-- Activating a lease on a parcel retired in the meantime is refused.
CREATE FUNCTION ground_lease_sync_parcels() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF OLD.status = 'draft' AND NEW.status NOT IN ('draft', 'cancelled') AND EXISTS (
            SELECT 1 FROM ground_lease_parcel lp JOIN parcel p ON p.id = lp.parcel_id
            WHERE lp.lease_id = NEW.id AND p.status = 'retired') THEN
        RAISE EXCEPTION 'lease % covers a retired parcel', NEW.code USING ERRCODE = 'check_violation';
    END IF;
    UPDATE ground_lease_parcel
    SET in_force = ground_lease_in_force(NEW.status, NEW.starts_on, NEW.ends_on, NEW.closed_on)
    WHERE lease_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER ground_lease_sync_parcels AFTER UPDATE OF status, starts_on, ends_on, closed_on ON ground_lease
    FOR EACH ROW EXECUTE FUNCTION ground_lease_sync_parcels();

-- At commit: a lease has at least one parcel and one lessee, and its lessees' shares add up to exactly 1.
CREATE FUNCTION ground_lease_check_whole(lease_id bigint) RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    share record;
    numerator numeric := 0;
    denominator numeric := 1;
    divisor numeric;
    lease_code text;
BEGIN
    SELECT code INTO lease_code FROM ground_lease WHERE id = lease_id;
    IF lease_code IS NULL THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ground_lease_parcel lp WHERE lp.lease_id = ground_lease_check_whole.lease_id) THEN
        RAISE EXCEPTION 'lease % covers no parcel', lease_code USING ERRCODE = 'check_violation';
    END IF;
    FOR share IN SELECT share_numerator, share_denominator FROM ground_lease_lessee l
                 WHERE l.lease_id = ground_lease_check_whole.lease_id LOOP
        numerator := numerator * share.share_denominator + share.share_numerator * denominator;
        denominator := denominator * share.share_denominator;
        divisor := gcd(numerator, denominator);
        numerator := div(numerator, divisor);
        denominator := div(denominator, divisor);
    END LOOP;
    IF numerator <> denominator OR NOT EXISTS (
            SELECT 1 FROM ground_lease_lessee l WHERE l.lease_id = ground_lease_check_whole.lease_id) THEN
        RAISE EXCEPTION 'the lessees'' shares of lease % add up to %/%, not 1', lease_code, numerator, denominator
            USING ERRCODE = 'check_violation';
    END IF;
END
$$;

CREATE FUNCTION ground_lease_check_whole_trigger() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_TABLE_NAME = 'ground_lease' THEN
        PERFORM ground_lease_check_whole(NEW.id);
    ELSE
        PERFORM ground_lease_check_whole(coalesce(NEW.lease_id, OLD.lease_id));
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER ground_lease_whole AFTER INSERT OR UPDATE ON ground_lease
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ground_lease_check_whole_trigger();

CREATE CONSTRAINT TRIGGER ground_lease_lessee_whole AFTER INSERT OR UPDATE OR DELETE ON ground_lease_lessee
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ground_lease_check_whole_trigger();

-- An assignment: the improvements are sold to the next household; one lease closes, the next opens.
CREATE TABLE lease_assignment (
    from_lease_id          bigint PRIMARY KEY,
    to_lease_id            bigint NOT NULL CONSTRAINT lease_assignment_to_unique UNIQUE,
    trust_id               bigint NOT NULL REFERENCES trust (id),
    assigned_on            date NOT NULL,
    resale_price           numeric(16, 2) NOT NULL CONSTRAINT lease_assignment_price_not_negative CHECK (resale_price >= 0),
    currency               text NOT NULL REFERENCES currency (code),
    resale_policy_id       bigint,
    resale_policy_version  integer,
    -- every step of the price's computation, in Spanish and English, as the board saw it
    worksheet              jsonb NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (from_lease_id, trust_id) REFERENCES ground_lease (id, trust_id),
    FOREIGN KEY (to_lease_id, trust_id) REFERENCES ground_lease (id, trust_id),
    FOREIGN KEY (resale_policy_id, resale_policy_version) REFERENCES resale_policy_version (policy_id, version),
    CONSTRAINT lease_assignment_not_self CHECK (from_lease_id <> to_lease_id)
);

CREATE TRIGGER lease_assignment_append_only BEFORE UPDATE OR DELETE ON lease_assignment
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- ---------------------------------------------------------------------------------------------------
-- The fee ledger: a receivables ledger per lease, append-only, exact (numeric, never floating point).
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE ledger_entry (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trust_id         bigint NOT NULL REFERENCES trust (id),
    lease_id         bigint NOT NULL,
    kind             text NOT NULL,
    -- Signed, in the lease's currency: a charge raises what the lessees owe, a payment (negative) lowers
    -- it, an adjustment goes either way.
    amount           numeric(16, 2) NOT NULL,
    currency         text NOT NULL,
    -- the charge's period start, the payment's or the adjustment's date
    entry_date       date NOT NULL,
    period_end       date,            -- charges: the period billed is [entry_date, period_end)
    due_on           date,            -- charges: when payment falls due
    reason           text,            -- adjustments: why
    reference        text,            -- payments: receipt or bank reference
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       bigint REFERENCES app_user (id),
    created_by_name  text NOT NULL,
    FOREIGN KEY (lease_id, trust_id) REFERENCES ground_lease (id, trust_id),
    FOREIGN KEY (lease_id, currency) REFERENCES ground_lease (id, currency),
    CONSTRAINT ledger_entry_kind_known CHECK (kind IN ('charge', 'payment', 'adjustment')),
    CONSTRAINT ledger_entry_charge_period
        CHECK ((kind = 'charge') = (period_end IS NOT NULL AND due_on IS NOT NULL)),
    CONSTRAINT ledger_entry_period_order CHECK (period_end IS NULL OR period_end > entry_date),
    CONSTRAINT ledger_entry_charge_not_negative CHECK (kind <> 'charge' OR amount >= 0),
    CONSTRAINT ledger_entry_payment_negative CHECK (kind <> 'payment' OR amount < 0),
    CONSTRAINT ledger_entry_adjustment_explained
        CHECK (kind <> 'adjustment' OR (amount <> 0 AND reason IS NOT NULL AND btrim(reason) <> ''))
);

-- One charge per lease and period: generating charges twice changes nothing.
CREATE UNIQUE INDEX ledger_entry_one_charge_per_period ON ledger_entry (lease_id, entry_date) WHERE kind = 'charge';
CREATE INDEX ledger_entry_lease_idx ON ledger_entry (lease_id, entry_date, id);

CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- ---------------------------------------------------------------------------------------------------
-- Stewardship: what happened on the land, what the lease obliges, and the documents that prove it.
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE stewardship_event (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trust_id           bigint NOT NULL REFERENCES trust (id),
    parcel_id          bigint,
    lease_id           bigint,
    kind               text NOT NULL,
    occurred_on        date NOT NULL,
    notes              text,
    location           geometry(Point, 4326),
    -- improvements: what they are worth, for resale formulas that credit improvements
    improvement_value  numeric(16, 2),
    currency           text REFERENCES currency (code),
    -- a cure names the violation it cures
    cures_event_id     bigint REFERENCES stewardship_event (id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    created_by         bigint REFERENCES app_user (id),
    created_by_name    text NOT NULL,
    CONSTRAINT stewardship_event_id_trust_unique UNIQUE (id, trust_id),
    FOREIGN KEY (parcel_id, trust_id) REFERENCES parcel (id, trust_id),
    FOREIGN KEY (lease_id, trust_id) REFERENCES ground_lease (id, trust_id),
    CONSTRAINT stewardship_event_kind_known
        CHECK (kind IN ('inspection', 'improvement', 'violation', 'cure', 'refinance_approval', 'resale',
                        'agricultural_practice')),
    CONSTRAINT stewardship_event_on_something CHECK (parcel_id IS NOT NULL OR lease_id IS NOT NULL),
    CONSTRAINT stewardship_event_value_with_currency CHECK ((improvement_value IS NULL) = (currency IS NULL)),
    CONSTRAINT stewardship_event_value_for_improvements
        CHECK (improvement_value IS NULL OR (kind = 'improvement' AND improvement_value >= 0)),
    CONSTRAINT stewardship_event_cure_names_violation CHECK (cures_event_id IS NULL OR kind = 'cure'),
    CONSTRAINT stewardship_event_location_valid CHECK (location IS NULL OR (ST_IsValid(location) AND NOT ST_IsEmpty(location)))
);

CREATE INDEX stewardship_event_parcel_idx ON stewardship_event (parcel_id, occurred_on);
CREATE INDEX stewardship_event_lease_idx ON stewardship_event (lease_id, occurred_on);

-- An event's point must fall on its parcel (or the lease's parcels), within the trust's tolerance.
CREATE FUNCTION stewardship_event_location_check() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    tolerance_m double precision;
BEGIN
    IF NEW.location IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT event_location_tolerance_m INTO tolerance_m FROM trust WHERE id = NEW.trust_id;
    IF NOT EXISTS (
            SELECT 1 FROM parcel p
            WHERE (p.id = NEW.parcel_id
                   OR (NEW.parcel_id IS NULL
                       AND p.id IN (SELECT parcel_id FROM ground_lease_parcel WHERE lease_id = NEW.lease_id)))
              AND ST_DWithin(p.geom::geography, NEW.location::geography, tolerance_m)) THEN
        RAISE EXCEPTION 'the event''s location is more than % m from its parcel', tolerance_m
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER stewardship_event_location_check BEFORE INSERT ON stewardship_event
    FOR EACH ROW EXECUTE FUNCTION stewardship_event_location_check();

CREATE TRIGGER stewardship_event_append_only BEFORE UPDATE OR DELETE ON stewardship_event
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE obligation (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trust_id      bigint NOT NULL REFERENCES trust (id),
    lease_id      bigint NOT NULL,
    kind          text NOT NULL,
    description   text,
    first_due_on  date NOT NULL,
    -- NULL: due once; otherwise due every so many months, counted from first_due_on (so a 31st stays the
    -- last day of shorter months and comes back on the 31st).
    every_months  integer,
    -- no due dates after this day (the obligation was lifted, or the lease ends)
    ends_on       date,
    version       integer NOT NULL DEFAULT 1 CONSTRAINT obligation_version_positive CHECK (version >= 1),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT obligation_id_trust_unique UNIQUE (id, trust_id),
    FOREIGN KEY (lease_id, trust_id) REFERENCES ground_lease (id, trust_id),
    CONSTRAINT obligation_kind_known
        CHECK (kind IN ('occupancy_certificate', 'soil_conservation_report', 'insurance_proof', 'maintenance_report',
                        'agrarian_assembly_attendance', 'other')),
    CONSTRAINT obligation_other_described CHECK (kind <> 'other' OR (description IS NOT NULL AND btrim(description) <> '')),
    CONSTRAINT obligation_every_months_range CHECK (every_months IS NULL OR every_months BETWEEN 1 AND 120),
    CONSTRAINT obligation_ends_after_first CHECK (ends_on IS NULL OR ends_on >= first_due_on)
);

CREATE INDEX obligation_lease_idx ON obligation (lease_id);
CREATE INDEX obligation_trust_idx ON obligation (trust_id);

CREATE TRIGGER obligation_record_version AFTER INSERT OR UPDATE ON obligation
    FOR EACH ROW EXECUTE FUNCTION record_version();

CREATE TRIGGER obligation_refuse_delete BEFORE DELETE OR TRUNCATE ON obligation
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE document (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trust_id         bigint NOT NULL REFERENCES trust (id),
    title            text NOT NULL,
    filename         text NOT NULL,
    media_type       text NOT NULL,
    size_bytes       integer NOT NULL,
    sha256           bytea NOT NULL,
    content          bytea NOT NULL,
    parcel_id        bigint,
    lease_id         bigint,
    party_id         bigint,
    event_id         bigint,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       bigint REFERENCES app_user (id),
    created_by_name  text NOT NULL,
    CONSTRAINT document_id_trust_unique UNIQUE (id, trust_id),
    FOREIGN KEY (parcel_id, trust_id) REFERENCES parcel (id, trust_id),
    FOREIGN KEY (lease_id, trust_id) REFERENCES ground_lease (id, trust_id),
    FOREIGN KEY (party_id, trust_id) REFERENCES party (id, trust_id),
    FOREIGN KEY (event_id, trust_id) REFERENCES stewardship_event (id, trust_id),
    CONSTRAINT document_title_not_blank CHECK (btrim(title) <> ''),
    CONSTRAINT document_filename_not_blank CHECK (btrim(filename) <> ''),
    CONSTRAINT document_media_type_allowed CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    CONSTRAINT document_size_matches CHECK (size_bytes > 0 AND octet_length(content) = size_bytes),
    -- the stored checksum is the content's: verified again on every read
    CONSTRAINT document_sha256_matches CHECK (sha256 = sha256(content)),
    CONSTRAINT document_linked CHECK (num_nonnulls(parcel_id, lease_id, party_id, event_id) >= 1)
);

CREATE INDEX document_parcel_idx ON document (parcel_id) WHERE parcel_id IS NOT NULL;
CREATE INDEX document_lease_idx ON document (lease_id) WHERE lease_id IS NOT NULL;
CREATE INDEX document_party_idx ON document (party_id) WHERE party_id IS NOT NULL;
CREATE INDEX document_event_idx ON document (event_id) WHERE event_id IS NOT NULL;

CREATE TRIGGER document_append_only BEFORE UPDATE OR DELETE ON document
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE obligation_fulfilment (
    obligation_id    bigint NOT NULL REFERENCES obligation (id),
    trust_id         bigint NOT NULL,
    due_on           date NOT NULL,
    fulfilled_on     date NOT NULL,
    event_id         bigint,
    document_id      bigint,
    notes            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       bigint REFERENCES app_user (id),
    created_by_name  text NOT NULL,
    PRIMARY KEY (obligation_id, due_on),
    FOREIGN KEY (obligation_id, trust_id) REFERENCES obligation (id, trust_id),
    FOREIGN KEY (event_id, trust_id) REFERENCES stewardship_event (id, trust_id),
    FOREIGN KEY (document_id, trust_id) REFERENCES document (id, trust_id)
);

CREATE TRIGGER obligation_fulfilment_append_only BEFORE UPDATE OR DELETE ON obligation_fulfilment
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
