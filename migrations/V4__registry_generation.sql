-- Tierra schema, version 4: one counter that moves with every committed parcel change, so that caches
-- (vector tiles, ETags of OGC API pages) know at once when what they hold is stale, and paged reads can
-- pin the instant they started at.

CREATE TABLE registry_generation (
    id          boolean PRIMARY KEY DEFAULT true CONSTRAINT registry_generation_single_row CHECK (id),
    generation  bigint NOT NULL,
    -- the latest valid_from of any committed change (never moves back, whatever the commit order)
    changed_at  timestamptz NOT NULL
);

INSERT INTO registry_generation (generation, changed_at)
SELECT 1, coalesce(max(valid_from), now()) FROM parcel_version;

COMMENT ON TABLE registry_generation IS 'Bumped by every parcel change; read by caches and paged reads.';

CREATE OR REPLACE FUNCTION parcel_record_version() RETURNS trigger
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
    UPDATE registry_generation SET generation = generation + 1, changed_at = greatest(changed_at, now());
    RETURN NULL;
END
$$;
