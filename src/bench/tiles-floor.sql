-- The database floor for GET /tiles/parcels/:z/:x/:y.mvt (run.sh: pgbench -M prepared, after a
-- prelude that picks the tile; psql for the equality check).
--
-- The statement TileRoutes.TILE as it reads the stored lon/lat boundary, transforming each one to Web
-- Mercator (ST_Transform(p.geom, 3857)) for every tile: what PostGIS alone needs to make the tile.
-- :pixel is the size of a tile pixel in metres, 40075016.686 / 2^z / 4096, as TileRoutes binds it.
-- (If the service comes to read a stored Mercator column instead, that statement is
-- tiles-service.sql; this one stays the plain floor.)
\set pixel 40075016.686 / pow(2, :z) / 4096
WITH bounds AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS mercator,
           ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096), 4326) AS lonlat
)
SELECT ST_AsMVT(tile, 'parcels', 4096, 'geom', 'id')
FROM (
    SELECT p.id, p.code, p.name, t.code AS trust, p.tenure_category AS "tenureCategory",
           p.land_use AS "landUse", p.status,
           round(p.area_m2::numeric, 2)::float8 AS "areaSquareMetres",
           round((p.area_m2 / 10000)::numeric, 4)::float8 AS "areaHectares",
           ST_AsMVTGeom(
               CASE WHEN :z < 14 THEN ST_Simplify(ST_Transform(p.geom, 3857), :pixel, true)
                    ELSE ST_Transform(p.geom, 3857) END,
               bounds.mercator, 4096, 64, true) AS geom
    FROM parcel p
    JOIN trust t ON t.id = p.trust_id
    CROSS JOIN bounds
    WHERE p.status <> 'retired' AND p.geom && bounds.lonlat
) tile
WHERE geom IS NOT NULL;
