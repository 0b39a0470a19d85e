-- The database floor for GET /ogc/collections/parcels/items?bbox=:west,:south,:east,:north&limit=:limit
-- (run.sh: pgbench -M prepared, after a prelude that draws the window; psql for the equality check).
--
-- The inner SELECT is, clause for clause, the statement ItemsQuery.statement() sends for a CRS84 bbox
-- and a limit (collection OgcCollection.PARCELS; keep the two in step): the registry as of the
-- snapshot the service pins (registry_generation.changed_at, bound twice), limit + 1 rows to learn
-- whether a next page exists. Around it, the FeatureCollection the service writes, built here by
-- PostgreSQL: the first :limit features in id order, joined by commas, and numberReturned. The
-- service's other members (timeStamp, links with the next cursor) are made in Java from values it
-- already holds, so the floor leaves them out.
\set rows :limit + 1
SELECT '{"type":"FeatureCollection","features":['
       || coalesce(string_agg(page.feature, ',' ORDER BY page.id) FILTER (WHERE page.rank <= :limit), '')
       || '],"numberReturned":' || count(*) FILTER (WHERE page.rank <= :limit) || '}'
FROM (
    SELECT service.id, service.feature, row_number() OVER (ORDER BY service.id) AS rank
    FROM (
        SELECT p.parcel_id AS id,
               '{"type":"Feature","id":' || p.parcel_id || ',"geometry":' || ST_AsGeoJSON(p.geom, 9, 0) || ',"properties":' || row_to_json(properties)::text || '}' AS feature
        FROM parcel_version p
        JOIN trust t ON t.id = p.trust_id
        CROSS JOIN LATERAL (SELECT p.code AS "code", p.name AS "name", t.code AS "trust", p.tenure_category AS "tenureCategory", p.land_use AS "landUse", p.status AS "status", p.version AS "version", round(p.area_m2::numeric, 2) AS "areaSquareMetres", round((p.area_m2 / 10000)::numeric, 4) AS "areaHectares", round(p.perimeter_m::numeric, 2) AS "perimeterMetres", p.valid_from AS "validFrom") AS properties
        WHERE p.valid_from <= :snapshot AND (p.valid_to IS NULL OR p.valid_to > :snapshot) AND p.status <> 'retired'
          AND ST_Intersects(p.geom, ST_MakeEnvelope(:west, :south, :east, :north, 4326))
        ORDER BY p.parcel_id ASC
        LIMIT :rows
    ) service
) page;
