-- Tierra schema, version 1: the trusts that hold land and the parcels they hold.
--
-- Conventions for every migration:
--   * tables are singular nouns; ids are bigint identities;
--   * geometry is stored once, canonically, as geometry(MultiPolygon, 4326), lon/lat;
--   * measurements carry their unit in the column name (area_m2, perimeter_m);
--   * reference lists (tenure categories, land uses) are tables, so a trust can be given a new
--     category by a migration without touching code, and labels live beside the codes.

-- The embedded cluster creates PostGIS itself; an external database needs it created by a
-- superuser beforehand, or this migration must run as one. (A DO block, not IF NOT EXISTS, so that
-- an existing extension raises no notice.)
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') THEN
        CREATE EXTENSION postgis;
    END IF;
END
$$;

CREATE TABLE trust (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL,
    name        text NOT NULL,
    kind        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT trust_code_unique UNIQUE (code),
    CONSTRAINT trust_code_format CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    CONSTRAINT trust_name_not_blank CHECK (btrim(name) <> ''),
    -- community_land_trust: a CLT that leases its land; ejido and comunidad_agraria: Mexican
    -- núcleos agrarios under the Ley Agraria; other: any other community landholder.
    CONSTRAINT trust_kind_known CHECK (kind IN ('community_land_trust', 'ejido', 'comunidad_agraria', 'other'))
);

COMMENT ON TABLE trust IS 'A community landholder: a community land trust, an ejido, a comunidad agraria.';

CREATE TABLE tenure_category (
    code      text PRIMARY KEY,
    label_es  text NOT NULL,
    label_en  text NOT NULL
);

COMMENT ON TABLE tenure_category IS 'How a parcel is held: CLT leasehold or the Mexican agrarian categories (Ley Agraria).';

INSERT INTO tenure_category (code, label_es, label_en) VALUES
    ('clt_leasehold',    'Arrendamiento del fideicomiso',          'Land trust ground lease'),
    ('clt_trust_held',   'Tierra del fideicomiso (sin arrendar)',  'Land trust common land (not leased)'),
    ('parcela_ejidal',   'Parcela ejidal',                         'Ejido parcel'),
    ('tierra_uso_comun', 'Tierra de uso común',                    'Common-use land'),
    ('solar_urbano',     'Solar urbano',                           'Village house lot (solar urbano)');

CREATE TABLE land_use (
    code      text PRIMARY KEY,
    label_es  text NOT NULL,
    label_en  text NOT NULL
);

INSERT INTO land_use (code, label_es, label_en) VALUES
    ('residential',  'Habitacional',              'Residential'),
    ('agricultural', 'Agrícola',                  'Agricultural'),
    ('pasture',      'Agostadero',                'Pasture'),
    ('forest',       'Forestal',                  'Forest'),
    ('commercial',   'Comercial',                 'Commercial'),
    ('community',    'Equipamiento comunitario',  'Community facility'),
    ('conservation', 'Conservación',              'Conservation');

CREATE TABLE parcel (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trust_id         bigint NOT NULL REFERENCES trust (id),
    code             text NOT NULL,
    name             text,
    tenure_category  text NOT NULL REFERENCES tenure_category (code),
    land_use         text NOT NULL REFERENCES land_use (code),
    status           text NOT NULL DEFAULT 'active',
    geom             geometry(MultiPolygon, 4326) NOT NULL,
    -- Geodesic measures on the WGS 84 spheroid, kept in step with geom by the database itself.
    area_m2          double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED,
    perimeter_m      double precision GENERATED ALWAYS AS (ST_Perimeter(geom::geography)) STORED,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT parcel_code_unique_per_trust UNIQUE (trust_id, code),
    CONSTRAINT parcel_code_format CHECK (code ~ '^\S(.{0,62}\S)?$'),
    -- proposed: drawn, awaiting the board; active: in the registry; disputed: boundary or right
    -- contested; retired: no longer exists as drawn (split, merged or released), kept for history.
    CONSTRAINT parcel_status_known CHECK (status IN ('proposed', 'active', 'disputed', 'retired')),
    -- A boundary is a legal fact: the database refuses invalid or empty shapes outright.
    CONSTRAINT parcel_geom_valid CHECK (ST_IsValid(geom)),
    CONSTRAINT parcel_geom_not_empty CHECK (NOT ST_IsEmpty(geom))
);

COMMENT ON TABLE parcel IS 'A piece of land held by a trust (LADM spatial unit + basic administrative unit).';

CREATE INDEX parcel_geom_idx ON parcel USING gist (geom);
CREATE INDEX parcel_trust_idx ON parcel (trust_id);
