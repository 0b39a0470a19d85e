-- psql script: a synthetic registry of :parcels parcels around 50 real Mexican towns, for run.sh.
--
--   psql -v parcels=100000 -f src/bench/generate-registry.sql      (into an empty Tierra database)
--
-- Each town is one trust (an ejido, a comunidad agraria, or in three towns a community land trust).
-- Its land is a ragged disc around the town centre, cut where it meets a neighbouring town's land
-- (the Voronoi cell of the town among all towns), so no two trusts overlap. Inside, parcels are the
-- Voronoi cells of random points that crowd around the centre: house lots (solares) of a few
-- thousand m² in the village, farm parcels of 1 to 5 ha around it, common land of 10 ha and more at
-- the edge. Cells of one Voronoi diagram never overlap, and every cell holds its own point, so none is
-- empty. The same :parcels always gives the same registry (setseed, and no parallel plans).
--
-- Parcels go in through the real parcel table, so the versioning trigger writes parcel_version and
-- moves registry_generation exactly as the service does. That trigger updates the one row of
-- registry_generation per parcel; inside one transaction every update leaves a dead row version that
-- the next update must step over, so rows go in in many small transactions (\gexec, below), not one.
--
-- The towns, their spread and their parcel counts are kept in the schema "bench" (not part of
-- Tierra's schema): run.sh draws its query windows and tiles from them.

\set ON_ERROR_STOP on
\if :{?parcels}
\else
  \echo 'give the number of parcels: psql -v parcels=100000 -f generate-registry.sql'
  \quit
\endif

SET client_min_messages = warning;
-- A lost commit in a crash only means generating again; not waiting for each flush saves seconds.
SET synchronous_commit = off;
-- Parallel workers would draw random() in their own order: the registry must not depend on timing.
SET max_parallel_workers_per_gather = 0;
SELECT set_config('tierra.actor', 'benchmark', false),
       set_config('tierra.reason', 'synthetic registry', false) \g /dev/null
SELECT setseed(0.2026) \g /dev/null

CREATE SCHEMA bench;
COMMENT ON SCHEMA bench IS 'Benchmark bookkeeping (src/bench/generate-registry.sql); not part of Tierra.';

CREATE TABLE bench.registry (
    parcels       integer NOT NULL,
    generated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO bench.registry (parcels) VALUES (:parcels);

-- kind: ejido, comunidad_agraria or community_land_trust (ordinary Mexican núcleos agrarios, mostly;
-- the three land trusts stand for the registry's other users).
CREATE TABLE bench.town (
    id        integer PRIMARY KEY,
    code      text NOT NULL,
    name      text NOT NULL,
    state     text NOT NULL,
    kind      text NOT NULL,
    lon       double precision NOT NULL,
    lat       double precision NOT NULL,
    -- filled in below: the scale of the parcel cloud (most parcels lie within 3 × spread_m of the
    -- centre), the town's land and how many parcels it got
    spread_m  double precision,
    radius_m  double precision,
    land      geometry(Geometry, 4326),
    trust_id  bigint,
    parcels   integer
);

INSERT INTO bench.town (id, code, name, state, kind, lon, lat) VALUES
    ( 1, 'teotitlan',      'Teotitlán del Valle',               'Oaxaca',    'comunidad_agraria',    -96.5194, 17.0294),
    ( 2, 'mitla',          'San Pablo Villa de Mitla',          'Oaxaca',    'ejido',                -96.3600, 16.9220),
    ( 3, 'tlacolula',      'Tlacolula de Matamoros',            'Oaxaca',    'ejido',                -96.4770, 16.9540),
    ( 4, 'zaachila',       'Villa de Zaachila',                 'Oaxaca',    'ejido',                -96.7500, 16.9490),
    ( 5, 'ocotlan',        'Ocotlán de Morelos',                'Oaxaca',    'ejido',                -96.6740, 16.7910),
    ( 6, 'ejutla',         'Ejutla de Crespo',                  'Oaxaca',    'ejido',                -96.7320, 16.5670),
    ( 7, 'miahuatlan',     'Miahuatlán de Porfirio Díaz',       'Oaxaca',    'ejido',                -96.5960, 16.3280),
    ( 8, 'tehuantepec',    'Santo Domingo Tehuantepec',         'Oaxaca',    'ejido',                -95.2400, 16.3240),
    ( 9, 'ixtlan',         'Ixtlán de Juárez',                  'Oaxaca',    'comunidad_agraria',    -96.4870, 17.3310),
    (10, 'tlaxiaco',       'Heroica Ciudad de Tlaxiaco',        'Oaxaca',    'comunidad_agraria',    -97.6790, 17.2690),
    (11, 'nochixtlan',     'Asunción Nochixtlán',               'Oaxaca',    'ejido',                -97.2250, 17.4580),
    (12, 'putla',          'Putla Villa de Guerrero',           'Oaxaca',    'ejido',                -97.9290, 17.0270),
    (13, 'juxtlahuaca',    'Santiago Juxtlahuaca',              'Oaxaca',    'comunidad_agraria',    -98.0100, 17.3340),
    (14, 'chamula',        'San Juan Chamula',                  'Chiapas',   'comunidad_agraria',    -92.6890, 16.7870),
    (15, 'zinacantan',     'Zinacantán',                        'Chiapas',   'comunidad_agraria',    -92.7220, 16.7600),
    (16, 'tenejapa',       'Tenejapa',                          'Chiapas',   'comunidad_agraria',    -92.5110, 16.8130),
    (17, 'oxchuc',         'Oxchuc',                            'Chiapas',   'ejido',                -92.3440, 16.7860),
    (18, 'ocosingo',       'Ocosingo',                          'Chiapas',   'ejido',                -92.0940, 16.9070),
    (19, 'comitan',        'Comitán de Domínguez',              'Chiapas',   'ejido',                -92.1330, 16.2510),
    (20, 'margaritas',     'Las Margaritas',                    'Chiapas',   'ejido',                -91.9810, 16.3130),
    (21, 'teopisca',       'Teopisca',                          'Chiapas',   'ejido',                -92.4730, 16.5400),
    (22, 'villaflores',    'Villaflores',                       'Chiapas',   'ejido',                -93.2670, 16.2330),
    (23, 'cintalapa',      'Cintalapa de Figueroa',             'Chiapas',   'ejido',                -93.7200, 16.6970),
    (24, 'cheran',         'Cherán',                            'Michoacán', 'comunidad_agraria',    -101.9540, 19.6830),
    (25, 'paracho',        'Paracho de Verduzco',               'Michoacán', 'ejido',                -102.0600, 19.6460),
    (26, 'patzcuaro',      'Pátzcuaro',                         'Michoacán', 'community_land_trust', -101.6090, 19.5160),
    (27, 'tacambaro',      'Tacámbaro de Codallos',             'Michoacán', 'ejido',                -101.4590, 19.2360),
    (28, 'zacapu',         'Zacapu',                            'Michoacán', 'ejido',                -101.7880, 19.8140),
    (29, 'nuevo-san-juan', 'Nuevo San Juan Parangaricutiro',    'Michoacán', 'comunidad_agraria',    -102.1310, 19.4170),
    (30, 'ario',           'Ario de Rosales',                   'Michoacán', 'ejido',                -101.7070, 19.2100),
    (31, 'tapalpa',        'Tapalpa',                           'Jalisco',   'ejido',                -103.7590, 19.9450),
    (32, 'mascota',        'Mascota',                           'Jalisco',   'ejido',                -104.7890, 20.5260),
    (33, 'tequila',        'Tequila',                           'Jalisco',   'ejido',                -103.8350, 20.8820),
    (34, 'ameca',          'Ameca',                             'Jalisco',   'ejido',                -104.0460, 20.5480),
    (35, 'autlan',         'Autlán de Navarro',                 'Jalisco',   'ejido',                -104.3650, 19.7710),
    (36, 'zapotlan',       'Zapotlán el Grande',                'Jalisco',   'ejido',                -103.4620, 19.7050),
    (37, 'mezquitic',      'Mezquitic',                         'Jalisco',   'comunidad_agraria',    -103.7260, 22.3850),
    (38, 'valladolid',     'Valladolid',                        'Yucatán',   'community_land_trust', -88.2020, 20.6890),
    (39, 'izamal',         'Izamal',                            'Yucatán',   'ejido',                -89.0180, 20.9310),
    (40, 'tekax',          'Tekax de Álvaro Obregón',           'Yucatán',   'ejido',                -89.2880, 20.2020),
    (41, 'ticul',          'Ticul',                             'Yucatán',   'ejido',                -89.5340, 20.3980),
    (42, 'peto',           'Peto',                              'Yucatán',   'ejido',                -88.9230, 20.1260),
    (43, 'tizimin',        'Tizimín',                           'Yucatán',   'ejido',                -88.1510, 21.1420),
    (44, 'mani',           'Maní',                              'Yucatán',   'ejido',                -89.3920, 20.3870),
    (45, 'chilapa',        'Chilapa de Álvarez',                'Guerrero',  'ejido',                -99.1780, 17.5940),
    (46, 'tlapa',          'Tlapa de Comonfort',                'Guerrero',  'comunidad_agraria',    -98.5650, 17.5450),
    (47, 'cuetzalan',      'Cuetzalan del Progreso',            'Puebla',    'ejido',                -97.5220, 20.0180),
    (48, 'zacatlan',       'Zacatlán',                          'Puebla',    'ejido',                -97.9600, 19.9330),
    (49, 'ixmiquilpan',    'Ixmiquilpan',                       'Hidalgo',   'ejido',                -99.2160, 20.4840),
    (50, 'tepoztlan',      'Tepoztlán',                         'Morelos',   'community_land_trust', -99.0990, 18.9850);

-- The parcel cloud around a town is a 2-D density that falls off as exp(-r / spread): its radial
-- distribution is Gamma(2, spread), and a parcel's area grows as exp(r / spread) from about 0.3 ha at
-- the centre. The spread that gives the average town its share of the parcels at that central size:
-- a town of n parcels needs 2π·spread²·(1 / 3000 m²) ≈ n. Land reaches to 3.9 spreads (ragged).
UPDATE bench.town
SET spread_m = sqrt((:parcels::float8 / (SELECT count(*) FROM bench.town)) * 3000 / (2 * pi() * 0.9)),
    radius_m = 3.9 * sqrt((:parcels::float8 / (SELECT count(*) FROM bench.town)) * 3000 / (2 * pi() * 0.9));

-- A town's land: a 48-gon whose radius wanders between 0.85 and 1.15 of radius_m (smoothed over
-- neighbouring corners, so the edge is ragged, not spiky), cut by the town's cell among all towns.
-- Offsets are metres turned into degrees at the town's latitude.
WITH corner AS (
    SELECT t.id, k, 0.85 + 0.3 * random() AS wobble
    FROM bench.town t, generate_series(0, 47) k
    ORDER BY t.id, k
), smooth AS (
    SELECT id, k,
           (wobble + lag(wobble, 1, wobble) OVER w + lead(wobble, 1, wobble) OVER w) / 3 AS wobble
    FROM corner
    WINDOW w AS (PARTITION BY id ORDER BY k)
), ring AS (
    SELECT s.id,
           array_agg(ST_MakePoint(t.lon + cos(2 * pi() * k / 48) * t.radius_m * s.wobble / (111320 * cos(radians(t.lat))),
                                  t.lat + sin(2 * pi() * k / 48) * t.radius_m * s.wobble / 110574)
                     ORDER BY k) AS corners
    FROM smooth s
    JOIN bench.town t ON t.id = s.id
    GROUP BY s.id
), territory AS (
    SELECT cell.geom, t.id
    FROM (SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(ST_SetSRID(ST_MakePoint(lon, lat), 4326)), 0,
                                             ST_Expand(ST_Collect(ST_SetSRID(ST_MakePoint(lon, lat), 4326)), 5)))).geom
          FROM bench.town) cell
    JOIN bench.town t ON ST_Contains(cell.geom, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326))
)
UPDATE bench.town t
SET land = ST_Intersection(ST_SetSRID(ST_MakePolygon(ST_MakeLine(r.corners || r.corners[1])), 4326), tr.geom)
FROM ring r, territory tr
WHERE r.id = t.id AND tr.id = t.id;

-- Candidate points, three times as many as an even share: a distance drawn from Gamma(2, spread)
-- (the sum of two exponentials), a direction drawn evenly; only those on the town's own land count.
CREATE TEMP TABLE candidate AS
SELECT t.id AS town_id, c.n,
       ST_SetSRID(ST_MakePoint(t.lon + cos(c.a) * c.r / (111320 * cos(radians(t.lat))),
                               t.lat + sin(c.a) * c.r / 110574), 4326) AS geom
FROM bench.town t
CROSS JOIN LATERAL (
    SELECT n, -t.spread_m * ln((1 - random()) * (1 - random())) AS r, 2 * pi() * random() AS a
    FROM generate_series(1, ceil(3 * :parcels::float8 / (SELECT count(*) FROM bench.town))::integer) n
) c
ORDER BY t.id, c.n;

DELETE FROM candidate c USING bench.town t WHERE t.id = c.town_id AND NOT ST_Contains(t.land, c.geom);

-- Every town keeps the same fraction of its candidates, so parcels are as dense at a given distance
-- from any centre; crowded valleys simply have less land each. Rounded along the running sum, the
-- counts add up to :parcels exactly.
WITH kept AS (
    SELECT town_id, count(*) AS n, sum(count(*)) OVER (ORDER BY town_id) AS running, sum(count(*)) OVER () AS total
    FROM candidate
    GROUP BY town_id
)
UPDATE bench.town t
SET parcels = round(:parcels * k.running / k.total) - round(:parcels * (k.running - k.n) / k.total)
FROM kept k
WHERE k.town_id = t.id;

DO $$
DECLARE
    short text;
BEGIN
    SELECT string_agg(t.code || ' (' || t.parcels || ' wanted, ' || c.n || ' there)', ', ') INTO short
    FROM bench.town t
    JOIN (SELECT town_id, count(*) AS n FROM candidate GROUP BY town_id) c ON c.town_id = t.id
    WHERE c.n < t.parcels;
    IF short IS NOT NULL THEN
        RAISE EXCEPTION 'too few candidate points on the land of: %', short;
    END IF;
END
$$;
DELETE FROM candidate c
USING (SELECT town_id, n, row_number() OVER (PARTITION BY town_id ORDER BY n) AS rank FROM candidate) r, bench.town t
WHERE r.town_id = c.town_id AND r.n = c.n AND t.id = c.town_id AND r.rank > t.parcels;

INSERT INTO trust (code, name, kind)
SELECT CASE kind WHEN 'ejido' THEN 'ejido-' WHEN 'comunidad_agraria' THEN 'comunidad-' ELSE 'clt-' END || code,
       CASE kind WHEN 'ejido' THEN 'Ejido ' WHEN 'comunidad_agraria' THEN 'Comunidad agraria de '
                 ELSE 'Fideicomiso de tierra comunitaria de ' END || name,
       kind
FROM bench.town
ORDER BY id;
UPDATE bench.town b SET trust_id = t.id
FROM trust t
WHERE t.code = CASE b.kind WHEN 'ejido' THEN 'ejido-' WHEN 'comunidad_agraria' THEN 'comunidad-' ELSE 'clt-' END || b.code;

-- The parcels: the Voronoi cells of each town's points, clipped to its land (only cells that reach
-- past it are cut: the prepared ST_Covers test is much cheaper than an intersection), numbered
-- outwards from the centre. What a parcel is follows from how far out it lies (d, in land radii):
-- the village's house lots, farm parcels around them, common land (pasture, forest) at the edge.
CREATE TEMP TABLE cell AS
SELECT row_number() OVER (ORDER BY c.town_id, c.d) AS seq, c.*
FROM (
    SELECT v.town_id, v.geom,
           ST_Distance(ST_PointOnSurface(v.geom)::geography, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)::geography)
               / t.radius_m AS d,
           t.kind, t.trust_id
    FROM (
        SELECT x.town_id,
               ST_Multi(CASE WHEN ST_Covers(l.land, x.geom) THEN x.geom
                             ELSE ST_CollectionExtract(ST_MakeValid(ST_Intersection(x.geom, l.land)), 3) END) AS geom
        FROM (
            SELECT t.id AS town_id, (ST_Dump(ST_VoronoiPolygons(ST_Collect(c.geom ORDER BY c.n), 0, t.land))).geom
            FROM candidate c
            JOIN bench.town t ON t.id = c.town_id
            GROUP BY t.id
        ) x
        JOIN bench.town l ON l.id = x.town_id
    ) v
    JOIN bench.town t ON t.id = v.town_id
    ORDER BY v.town_id
) c;

-- Attributes, drawn once per cell in seq order.
CREATE TEMP TABLE draft AS
SELECT c.seq, c.trust_id, c.geom, c.d, c.kind,
       row_number() OVER (PARTITION BY c.trust_id ORDER BY c.seq) AS n,
       random() AS u1, random() AS u2, random() AS u3
FROM cell c
ORDER BY c.seq;

CREATE TEMP TABLE ready AS
SELECT seq, trust_id, geom, n, tenure, land_use, u2, u3,
       CASE tenure WHEN 'solar_urbano' THEN 'SU' WHEN 'parcela_ejidal' THEN 'PE' WHEN 'tierra_uso_comun' THEN 'UC'
                   WHEN 'clt_leasehold' THEN 'AR' ELSE 'FT' END || '-' || lpad(n::text, 6, '0') AS code
FROM (
    SELECT seq, trust_id, geom, n, u2, u3,
           CASE
               WHEN kind = 'community_land_trust' THEN CASE WHEN d < 0.6 THEN 'clt_leasehold' ELSE 'clt_trust_held' END
               WHEN d < 0.15 THEN 'solar_urbano'
               WHEN kind = 'comunidad_agraria' THEN 'tierra_uso_comun'
               WHEN d < 0.6 OR u1 < 0.3 THEN 'parcela_ejidal'
               ELSE 'tierra_uso_comun'
           END AS tenure,
           CASE
               WHEN d < 0.15 THEN CASE WHEN u1 < 0.80 THEN 'residential' WHEN u1 < 0.92 THEN 'commercial' ELSE 'community' END
               WHEN d < 0.6 THEN CASE WHEN u1 < 0.85 THEN 'agricultural' WHEN u1 < 0.95 THEN 'pasture' ELSE 'residential' END
               WHEN u1 < 0.3 THEN 'agricultural'
               WHEN u1 < 0.6 THEN 'pasture'
               WHEN u1 < 0.9 THEN 'forest'
               ELSE 'conservation'
           END AS land_use
    FROM draft
) a;

DROP TABLE candidate, cell, draft;

-- The inserts, 1000 parcels to a transaction (see the top of this file), in seq order so that ids
-- run town by town, outwards.
SELECT format($$
INSERT INTO parcel (trust_id, code, name, tenure_category, land_use, status, geom)
SELECT trust_id, code,
       CASE WHEN u2 < 0.12 THEN NULL
            ELSE CASE tenure WHEN 'solar_urbano' THEN 'Solar ' WHEN 'tierra_uso_comun' THEN
                      CASE land_use WHEN 'forest' THEN 'Monte ' WHEN 'pasture' THEN 'Agostadero ' ELSE 'Uso común ' END
                      WHEN 'clt_trust_held' THEN 'Reserva ' WHEN 'clt_leasehold' THEN 'Lote ' ELSE 'Parcela ' END || n
       END,
       tenure, land_use,
       CASE WHEN u3 < 0.97 THEN 'active' WHEN u3 < 0.99 THEN 'proposed' ELSE 'disputed' END,
       geom
FROM ready
WHERE seq BETWEEN %s AND %s
ORDER BY seq$$, lo, lo + 999)
FROM generate_series(1, (SELECT count(*) FROM ready), 1000) lo
ORDER BY lo \gexec

UPDATE bench.town t SET parcels = (SELECT count(*) FROM parcel p WHERE p.trust_id = t.trust_id);
DROP TABLE ready;

VACUUM ANALYZE trust;
VACUUM ANALYZE parcel;
VACUUM ANALYZE parcel_version;
VACUUM ANALYZE registry_generation;
VACUUM ANALYZE bench.town;
