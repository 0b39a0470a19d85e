-- The database floor for GET /tiles/parcels/:z/:x/:y.mvt (run.sh: pgbench -M prepared, after a
-- prelude that picks the tile; psql for the equality check): the service's statement
-- (tiles-service.sql, a copy of TileRoutes.TILE) as PostGIS alone would run it without the stored Web
-- Mercator copy, transforming every lon/lat boundary it reads for every tile.
WITH bounds AS (
    SELECT z, ST_TileEnvelope(z, x, y) AS mercator,
           ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) AS search,
           40075016.686 / 2 ^ z / 4096 AS unit_metres
    FROM (SELECT :z::int AS z, :x::int AS x, :y::int AS y) request
),
candidate AS MATERIALIZED (
    SELECT p.id, p.code, p.name, t.code AS trust, p.tenure_category AS "tenureCategory",
           p.land_use AS "landUse", p.status,
           round(p.area_m2::numeric, 2)::float8 AS "areaSquareMetres",
           round((p.area_m2 / 10000)::numeric, 4)::float8 AS "areaHectares",
           round(p.perimeter_m::numeric, 2)::float8 AS "perimeterMetres",
           m.shape,
           -- a 512-pixel world at zoom 0: the zoom at which the parcel is DOT_PIXELS wide
           log(2.0, (12 * 40075016.686 / 512
                     / greatest(ST_XMax(m.shape) - ST_XMin(m.shape),
                                ST_YMax(m.shape) - ST_YMin(m.shape), 0.001))::numeric)::float8
               AS "dotZoom"
    FROM parcel p
    JOIN trust t ON t.id = p.trust_id
    CROSS JOIN bounds
    CROSS JOIN LATERAL (SELECT ST_Transform(p.geom, 3857) AS shape) m
    WHERE p.status <> 'retired' AND p.geom && ST_Transform(bounds.search, 4326)
),
shapes AS (
    SELECT id, code, name, trust, "tenureCategory", "landUse", status, "areaSquareMetres",
           "areaHectares", "perimeterMetres",
           ST_AsMVTGeom(
               CASE WHEN bounds.z < 14 THEN ST_Simplify(shape, bounds.unit_metres, true) ELSE shape END,
               bounds.mercator, 4096, 64, true) AS geom
    FROM candidate CROSS JOIN bounds
    ORDER BY id
),
dots AS (
    SELECT DISTINCT ON (floor(ST_X(geom) / 64), floor(ST_Y(geom) / 64)) *
    FROM (SELECT id, code, name, trust, "tenureCategory", "landUse", status, "areaSquareMetres",
                 "areaHectares", "perimeterMetres", "dotZoom",
                 ST_AsMVTGeom(ST_Centroid(ST_Envelope(shape)), bounds.mercator, 4096, 64, true) AS geom
          FROM candidate CROSS JOIN bounds
          WHERE "dotZoom" > bounds.z) points
    WHERE geom IS NOT NULL
    ORDER BY floor(ST_X(geom) / 64), floor(ST_Y(geom) / 64), id
)
SELECT coalesce((SELECT ST_AsMVT(shapes, 'parcels', 4096, 'geom', 'id')
                 FROM shapes WHERE geom IS NOT NULL), '')
    || coalesce((SELECT ST_AsMVT(dot, 'parcel-points', 4096, 'geom', 'id')
                 FROM (SELECT * FROM dots ORDER BY id) dot), '');
