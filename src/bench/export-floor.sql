-- The database floor for GET /api/v1/exports/parcels.geojson (run.sh: psql -f, output to /dev/null):
-- every parcel that is not retired, as one GeoJSON FeatureCollection text made by PostgreSQL and
-- copied to the client. Each feature is the public one the parcels API serves
-- (ParcelRepository: SELECT_FEATURE over the current parcel, PUBLIC_PROPERTIES), in id order.
COPY (
    SELECT '{"type":"FeatureCollection","features":[' || coalesce(string_agg(f.feature, ',' ORDER BY f.id), '') || ']}'
    FROM (
        SELECT p.id,
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
        WHERE p.status <> 'retired'
    ) f
) TO STDOUT;
