// Reading the service's TileJSON (/tiles/parcels.json). No dependency.

const isNumber = (n) => typeof n === 'number' && Number.isFinite(n);

function counts(object) {
  const result = new Map();
  if (!object || typeof object !== 'object') return result;
  for (const [key, value] of Object.entries(object)) {
    if (isNumber(value) && value > 0) result.set(key, value);
  }
  return result;
}

/**
 * What the map needs from a TileJSON 3.0 document: the tile URL templates,
 * zoom range, bounds [west, south, east, north], and Tierra's summary of the
 * registry (parcel count, counts per tenure category and per status). Throws
 * a TypeError when the document is not usable.
 */
export function readTileJson(data) {
  if (!data || typeof data !== 'object' || typeof data.tilejson !== 'string') {
    throw new TypeError('not a TileJSON document');
  }
  if (!Array.isArray(data.tiles) || data.tiles.length === 0 || !data.tiles.every((t) => typeof t === 'string')) {
    throw new TypeError('TileJSON without tile URLs');
  }
  const bounds = Array.isArray(data.bounds) && data.bounds.length === 4 && data.bounds.every(isNumber)
    ? data.bounds
    : [-180, -85.0511, 180, 85.0511];
  const summary = data.tierra && typeof data.tierra === 'object' ? data.tierra : {};
  return {
    tiles: data.tiles,
    minzoom: isNumber(data.minzoom) ? data.minzoom : 0,
    maxzoom: isNumber(data.maxzoom) ? data.maxzoom : 22,
    bounds,
    parcels: isNumber(summary.parcels) ? summary.parcels : 0,
    tenureCategories: counts(summary.tenureCategories),
    statuses: counts(summary.statuses),
  };
}
