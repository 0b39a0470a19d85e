-- What the service's own tile statement costs in PostgreSQL, once TileRoutes.TILE reads the stored
-- Web Mercator column parcel.geom_3857 (a generated column, ST_Transform(geom, 3857)) instead of
-- transforming every boundary per tile. run.sh runs it only when the column exists and the jar's
-- TileRoutes mentions geom_3857, and checks that it gives the service's bytes; keep it a copy of
-- TileRoutes.TILE (tiles-floor.sql stays the plain ST_Transform floor).
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
               CASE WHEN :z < 14 THEN ST_Simplify(p.geom_3857, :pixel, true)
                    ELSE p.geom_3857 END,
               bounds.mercator, 4096, 64, true) AS geom
    FROM parcel p
    JOIN trust t ON t.id = p.trust_id
    CROSS JOIN bounds
    WHERE p.status <> 'retired' AND p.geom && bounds.lonlat
) tile
WHERE geom IS NOT NULL;
