// Small GeoJSON helpers: validation, bounds and label points. No dependency.

/** Throws unless `data` looks like a GeoJSON FeatureCollection. */
export function assertFeatureCollection(data) {
  if (!data || typeof data !== 'object' || data.type !== 'FeatureCollection' || !Array.isArray(data.features)) {
    throw new TypeError('not a GeoJSON FeatureCollection');
  }
}

/**
 * Returns a copy of the collection fit for the map: features without geometry
 * are dropped, properties always exist, and every feature has a unique numeric
 * id (needed for hover/selection state). The service's ids are kept when they
 * are already unique numbers; otherwise all features are numbered in order.
 */
export function normaliseParcels(collection) {
  const features = collection.features.filter(
    (f) => f && f.type === 'Feature' && f.geometry && typeof f.geometry === 'object',
  );
  const ids = new Set();
  let idsUsable = true;
  for (const f of features) {
    const id = typeof f.id === 'string' && /^\d+$/.test(f.id) ? Number(f.id) : f.id;
    if (typeof id !== 'number' || !Number.isFinite(id) || ids.has(id)) {
      idsUsable = false;
      break;
    }
    ids.add(id);
  }
  return {
    type: 'FeatureCollection',
    features: features.map((f, index) => ({
      type: 'Feature',
      id: idsUsable ? Number(f.id) : index + 1,
      properties: f.properties && typeof f.properties === 'object' ? f.properties : {},
      geometry: f.geometry,
    })),
  };
}

function eachPosition(coordinates, visit) {
  if (!Array.isArray(coordinates)) return;
  if (typeof coordinates[0] === 'number') {
    const [lon, lat] = coordinates;
    if (Number.isFinite(lon) && Number.isFinite(lat)) visit(lon, lat);
    return;
  }
  for (const c of coordinates) eachPosition(c, visit);
}

function eachGeometryPosition(geometry, visit) {
  if (!geometry) return;
  if (geometry.type === 'GeometryCollection') {
    for (const g of geometry.geometries || []) eachGeometryPosition(g, visit);
  } else {
    eachPosition(geometry.coordinates, visit);
  }
}

/** [west, south, east, north] of one geometry, or null when it has no position. */
export function geometryBounds(geometry) {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  eachGeometryPosition(geometry, (lon, lat) => {
    if (lon < w) w = lon;
    if (lon > e) e = lon;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  });
  return w === Infinity ? null : [w, s, e, n];
}

/** [west, south, east, north] of a whole collection, or null when empty. */
export function collectionBounds(collection) {
  let box = null;
  for (const f of collection.features) {
    const b = geometryBounds(f.geometry);
    if (!b) continue;
    box = box ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])] : b;
  }
  return box;
}

const mercatorY = (lat) => {
  const clamped = Math.max(-85.05, Math.min(85.05, lat));
  return Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360)) / (2 * Math.PI);
};

/**
 * One point per parcel (the centre of its bounding box), used to keep small
 * parcels visible as dots when the map is zoomed far out. `dotZoom` is the
 * zoom at which the parcel itself becomes about `minPixels` wide on screen;
 * below it the dot is drawn, above it the polygon is big enough.
 */
export function parcelPoints(collection, minPixels = 12) {
  const TILE = 512; // MapLibre's world is 512 px wide at zoom 0.
  const points = [];
  for (const f of collection.features) {
    const b = geometryBounds(f.geometry);
    if (!b) continue;
    const widthPx = ((b[2] - b[0]) / 360) * TILE;
    const heightPx = Math.abs(mercatorY(b[3]) - mercatorY(b[1])) * TILE;
    const sizeAtZoom0 = Math.max(widthPx, heightPx, 1e-9);
    const dotZoom = Math.max(0, Math.min(24, Math.log2(minPixels / sizeAtZoom0)));
    points.push({
      type: 'Feature',
      id: f.id,
      properties: { ...f.properties, dotZoom },
      geometry: { type: 'Point', coordinates: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] },
    });
  }
  return { type: 'FeatureCollection', features: points };
}
