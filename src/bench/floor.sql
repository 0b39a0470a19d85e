-- pgbench script: the database floor. The same SQL ParcelRepository runs for a bbox list (keep the two
-- in step), for a random box of :side degrees, reading :limit + 1 rows as the service does.
\set west -97.0 + random(0, 1000000) / 1000000.0 * (0.45 - :side)
\set south 16.5 + random(0, 1000000) / 1000000.0 * (0.45 - :side)
\set east :west + :side
\set north :south + :side
\set rows :limit + 1
SELECT p.id, p.version,
       '{"type":"Feature","id":' || p.id
       || ',"geometry":' || ST_AsGeoJSON(p.geom)
       || ',"properties":' || row_to_json(properties)::text
       || '}' AS feature
FROM parcel p
JOIN trust t ON t.id = p.trust_id
CROSS JOIN LATERAL (
    SELECT p.code,
           p.name,
           t.code AS trust,
           p.tenure_category AS "tenureCategory",
           p.land_use AS "landUse",
           p.status,
           p.version,
           round(p.area_m2::numeric, 2) AS "areaSquareMetres",
           round((p.area_m2 / 10000)::numeric, 4) AS "areaHectares",
           round(p.perimeter_m::numeric, 2) AS "perimeterMetres"
) AS properties
WHERE p.status <> 'retired' AND p.id > 0
AND ST_Intersects(p.geom, ST_Envelope(ST_MakeLine(ST_SetSRID(ST_MakePoint(:west, :south), 4326),
                                                 ST_SetSRID(ST_MakePoint(:east, :north), 4326))))
ORDER BY p.id LIMIT :rows;
