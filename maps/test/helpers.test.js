// Unit tests for the map's DOM-free helpers. Run with `npm test` (node:test).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { pickLanguage, translator } from '../src/i18n.js';
import { formatters } from '../src/format.js';
import { collectionBounds, normaliseParcels, parcelPoints } from '../src/geo.js';
import { sortCategories, tenureColor, UNKNOWN_COLOR } from '../src/palette.js';

test('language: URL parameter wins, then the first es/en browser language, then English', () => {
  assert.equal(pickLanguage('?lang=es', ['en-US']), 'es');
  assert.equal(pickLanguage('?lang=EN', ['es-MX']), 'en');
  assert.equal(pickLanguage('?lang=fr', ['es-MX']), 'es');
  assert.equal(pickLanguage('', ['fr-FR', 'es-419', 'en']), 'es');
  assert.equal(pickLanguage('', ['de', 'en-GB', 'es']), 'en');
  assert.equal(pickLanguage('', ['de', 'fr']), 'en');
  assert.equal(pickLanguage('', []), 'en');
});

test('labels: known codes are translated, unknown codes are shown raw', () => {
  const es = translator('es');
  assert.equal(es.tenureLabel('parcela_ejidal'), 'Parcela ejidal');
  assert.equal(es.landUseLabel('pasture'), 'Agostadero');
  assert.equal(es.statusLabel('disputed'), 'En disputa');
  assert.equal(es.tenureLabel('usufructo_nuevo'), 'usufructo_nuevo');
  assert.equal(es.count('parcelCount', 1, '1'), '1 parcela');
  assert.equal(translator('en').count('parcelCount', 2, '2'), '2 parcels');
  assert.equal(translator('en').t('errorHttp', { status: 503 }).includes('503'), true);
});

test('every Spanish string has an English counterpart and vice versa', () => {
  const keys = (o, prefix = '') =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
  const es = keys(translator('es').strings).filter((k) => !k.startsWith('mapLocale.'));
  const en = keys(translator('en').strings).filter((k) => !k.startsWith('mapLocale.'));
  assert.deepEqual([...es].sort(), [...en].sort());
});

test('area: hectares with two decimals, square metres under one hectare', () => {
  const en = formatters('en');
  assert.deepEqual(en.area({ areaHectares: 1.2499, areaSquareMetres: 12499 }), { hectares: '1.25 ha', squareMetres: null });
  assert.deepEqual(en.area({ areaSquareMetres: 3531.4 }), { hectares: '0.35 ha', squareMetres: '3,531 m²' });
  assert.equal(en.area({}), null);
  assert.equal(formatters('es-MX').area({ areaHectares: 1234.5 }).hectares, '1,234.50 ha');
  assert.equal(en.length(850.2), '850 m');
  assert.equal(en.length(3030), '3.03 km');
});

test('geometry helpers: bounds, ids and label points', () => {
  const fc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', id: 7, properties: { tenureCategory: 'solar_urbano' },
        geometry: { type: 'Polygon', coordinates: [[[-96.74, 17.02], [-96.73, 17.02], [-96.73, 17.03], [-96.74, 17.02]]] } },
      { type: 'Feature', id: 9, properties: null,
        geometry: { type: 'MultiPolygon', coordinates: [[[[-96.8, 17.0], [-96.79, 17.0], [-96.79, 17.01], [-96.8, 17.0]]]] } },
      { type: 'Feature', id: 10, properties: {}, geometry: null },
    ],
  };
  const parcels = normaliseParcels(fc);
  assert.equal(parcels.features.length, 2);
  assert.deepEqual(parcels.features.map((f) => f.id), [7, 9]);
  assert.deepEqual(parcels.features[1].properties, {});
  assert.deepEqual(collectionBounds(parcels), [-96.8, 17.0, -96.73, 17.03]);
  const dup = normaliseParcels({ type: 'FeatureCollection', features: [fc.features[0], fc.features[0]] });
  assert.deepEqual(dup.features.map((f) => f.id), [1, 2]);
  const points = parcelPoints(parcels);
  assert.equal(points.features[0].geometry.type, 'Point');
  // A ~1 km wide parcel is 12 px wide at about zoom 9.7.
  const { dotZoom } = points.features[0].properties;
  assert.ok(dotZoom > 9 && dotZoom < 10.5, String(dotZoom));
  assert.equal(collectionBounds({ type: 'FeatureCollection', features: [] }), null);
});

test('palette: known categories in order, unknown ones grey and last', () => {
  assert.deepEqual(sortCategories(['zzz', 'solar_urbano', 'clt_leasehold', 'aaa']), ['clt_leasehold', 'solar_urbano', 'aaa', 'zzz']);
  assert.equal(tenureColor('something_new'), UNKNOWN_COLOR);
});
