-- Tierra schema, version 5: each parcel's boundary also kept in Web Mercator, for vector tiles.
--
-- A tile is cut in EPSG:3857; transforming every boundary on every tile request was a third to a half
-- of a low-zoom tile's time (src/bench/README.md). The database keeps this copy in step with geom
-- itself. Web Mercator ends at ±85.0511° of latitude: what lies beyond (no community land we know of)
-- is left out of the copy rather than refused, so that such a parcel can still be registered.

ALTER TABLE parcel
    ADD COLUMN geom_3857 geometry(Geometry, 3857)
        GENERATED ALWAYS AS (ST_Transform(ST_ClipByBox2D(geom, ST_MakeEnvelope(-180, -85.0511, 180, 85.0511, 4326)), 3857)) STORED;

COMMENT ON COLUMN parcel.geom_3857 IS 'geom in Web Mercator (clipped to its ±85.0511° domain), for vector tiles.';

CREATE INDEX parcel_geom_3857_idx ON parcel USING gist (geom_3857);
