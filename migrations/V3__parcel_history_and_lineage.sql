-- Tierra schema, version 3: nothing about a parcel is ever lost. Every change to a parcel writes an
-- immutable version (who, when, why, request id); split and merge record lineage; parcels are
-- retired, never deleted. The database does the versioning itself, so no code path can forget it.

ALTER TABLE trust
    ADD COLUMN overlap_tolerance_m2 double precision NOT NULL DEFAULT 1
        CONSTRAINT trust_overlap_tolerance_not_negative CHECK (overlap_tolerance_m2 >= 0);

COMMENT ON COLUMN trust.overlap_tolerance_m2 IS 'Overlaps between active parcels up to this area are survey noise, not conflicts.';

ALTER TABLE parcel
    ADD COLUMN notes text,
    ADD COLUMN version integer NOT NULL DEFAULT 1 CONSTRAINT parcel_version_positive CHECK (version >= 1),
    -- The EPSG code the boundary was drawn in before it was transformed to 4326.
    ADD COLUMN source_srid integer NOT NULL DEFAULT 4326;

CREATE TABLE parcel_version (
    parcel_id        bigint NOT NULL REFERENCES parcel (id),
    version          integer NOT NULL,
    -- valid time: the registry said this from valid_from until valid_to (open while current)
    valid_from       timestamptz NOT NULL,
    valid_to         timestamptz,
    operation        text NOT NULL,
    trust_id         bigint NOT NULL REFERENCES trust (id),
    code             text NOT NULL,
    name             text,
    tenure_category  text NOT NULL,
    land_use         text NOT NULL,
    status           text NOT NULL,
    notes            text,
    geom             geometry(MultiPolygon, 4326) NOT NULL,
    area_m2          double precision NOT NULL,
    perimeter_m      double precision NOT NULL,
    source_srid      integer NOT NULL,
    changed_by       bigint REFERENCES app_user (id),
    changed_by_name  text NOT NULL,
    reason           text NOT NULL,
    request_id       text,
    PRIMARY KEY (parcel_id, version),
    CONSTRAINT parcel_version_operation_known
        CHECK (operation IN ('create', 'update', 'retire', 'split', 'merge', 'import', 'migration')),
    CONSTRAINT parcel_version_valid_time CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

CREATE INDEX parcel_version_geom_idx ON parcel_version USING gist (geom);
CREATE INDEX parcel_version_valid_idx ON parcel_version (valid_from, valid_to);

COMMENT ON TABLE parcel_version IS 'Every state a parcel has had. Immutable but for closing valid_to once.';

CREATE TABLE parcel_lineage (
    parent_id    bigint NOT NULL REFERENCES parcel (id),
    child_id     bigint NOT NULL REFERENCES parcel (id),
    operation    text NOT NULL CONSTRAINT parcel_lineage_operation_known CHECK (operation IN ('split', 'merge')),
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (parent_id, child_id),
    CONSTRAINT parcel_lineage_not_self CHECK (parent_id <> child_id)
);

CREATE INDEX parcel_lineage_child_idx ON parcel_lineage (child_id);

-- Parcels recorded before versioning get their first version now.
INSERT INTO parcel_version (parcel_id, version, valid_from, operation, trust_id, code, name, tenure_category,
                            land_use, status, notes, geom, area_m2, perimeter_m, source_srid, changed_by_name, reason)
SELECT id, version, created_at, 'migration', trust_id, code, name, tenure_category, land_use, status, notes, geom,
       area_m2, perimeter_m, source_srid, 'migration', 'recorded before parcel versioning'
FROM parcel;

-- Who, why and under which request: set by the application for its transaction with set_config(..., true).
CREATE FUNCTION parcel_change_setting(name text) RETURNS text
    LANGUAGE sql STABLE
AS $$
    SELECT nullif(current_setting('tierra.' || name, true), '')
$$;

CREATE FUNCTION parcel_record_version() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    actor text := parcel_change_setting('actor');
    reason text := parcel_change_setting('reason');
BEGIN
    IF actor IS NULL OR reason IS NULL THEN
        RAISE EXCEPTION 'a parcel change needs who and why: set tierra.actor and tierra.reason for the transaction'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.version <> 1 THEN
            RAISE EXCEPTION 'a new parcel starts at version 1';
        END IF;
    ELSE
        IF NEW.version <> OLD.version + 1 THEN
            RAISE EXCEPTION 'every change of parcel % must raise its version by one (from %, got %)',
                OLD.id, OLD.version, NEW.version;
        END IF;
        IF NEW.trust_id <> OLD.trust_id THEN
            RAISE EXCEPTION 'a parcel never moves to another trust';
        END IF;
        UPDATE parcel_version SET valid_to = now() WHERE parcel_id = OLD.id AND version = OLD.version;
    END IF;
    INSERT INTO parcel_version (parcel_id, version, valid_from, operation, trust_id, code, name, tenure_category,
                                land_use, status, notes, geom, area_m2, perimeter_m, source_srid, changed_by,
                                changed_by_name, reason, request_id)
    VALUES (NEW.id, NEW.version, now(),
            coalesce(parcel_change_setting('operation'), CASE TG_OP WHEN 'INSERT' THEN 'create' ELSE 'update' END),
            NEW.trust_id, NEW.code, NEW.name, NEW.tenure_category, NEW.land_use, NEW.status, NEW.notes, NEW.geom,
            NEW.area_m2, NEW.perimeter_m, NEW.source_srid, parcel_change_setting('actor_id')::bigint, actor, reason,
            parcel_change_setting('request_id'));
    RETURN NULL;
END
$$;

CREATE TRIGGER parcel_record_version AFTER INSERT OR UPDATE ON parcel
    FOR EACH ROW EXECUTE FUNCTION parcel_record_version();

CREATE FUNCTION parcel_refuse_delete() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'parcels are retired, never deleted' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER parcel_refuse_delete BEFORE DELETE OR TRUNCATE ON parcel
    FOR EACH STATEMENT EXECUTE FUNCTION parcel_refuse_delete();

-- A version is immutable; the only change allowed is closing its valid time, once.
CREATE FUNCTION parcel_version_guard() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.valid_to IS NULL AND NEW.valid_to IS NOT NULL
            AND (NEW.parcel_id, NEW.version, NEW.valid_from, NEW.geom::text, NEW.code, NEW.status, NEW.reason)
                IS NOT DISTINCT FROM (OLD.parcel_id, OLD.version, OLD.valid_from, OLD.geom::text, OLD.code, OLD.status, OLD.reason)
            AND (NEW.name, NEW.tenure_category, NEW.land_use, NEW.notes, NEW.changed_by_name, NEW.operation)
                IS NOT DISTINCT FROM (OLD.name, OLD.tenure_category, OLD.land_use, OLD.notes, OLD.changed_by_name, OLD.operation) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'parcel versions are immutable: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER parcel_version_guard BEFORE UPDATE OR DELETE ON parcel_version
    FOR EACH ROW EXECUTE FUNCTION parcel_version_guard();

CREATE TRIGGER parcel_version_no_truncate BEFORE TRUNCATE ON parcel_version
    FOR EACH STATEMENT EXECUTE FUNCTION parcel_refuse_delete();

-- For hints about a wrong CRS: the transform of a point, or NULL where the CRS cannot take it.
CREATE FUNCTION tierra_try_transform(point geometry, to_srid integer) RETURNS geometry
    LANGUAGE plpgsql IMMUTABLE STRICT
AS $$
BEGIN
    RETURN ST_Transform(point, to_srid);
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;
