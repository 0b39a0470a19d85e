// Unit tests for the map's DOM-free helpers. Run with `npm test` (node:test).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { pickLanguage, translator } from '../src/i18n.js';
import { formatters } from '../src/format.js';
import { readTileJson } from '../src/tilejson.js';
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

test('TileJSON: tile URLs, zooms, bounds and the registry summary; unusable documents refused', () => {
  const tj = readTileJson({
    tilejson: '3.0.0',
    tiles: ['http://127.0.0.1:7070/tiles/parcels/{z}/{x}/{y}.mvt'],
    minzoom: 0,
    maxzoom: 22,
    bounds: [-96.8, 17.0, -96.73, 17.03],
    tierra: { parcels: 3, tenureCategories: { solar_urbano: 2, parcela_ejidal: 1, broken: 'x' }, statuses: { active: 3 } },
  });
  assert.deepEqual(tj.tiles, ['http://127.0.0.1:7070/tiles/parcels/{z}/{x}/{y}.mvt']);
  assert.equal(tj.maxzoom, 22);
  assert.deepEqual(tj.bounds, [-96.8, 17.0, -96.73, 17.03]);
  assert.equal(tj.parcels, 3);
  assert.deepEqual([...tj.tenureCategories], [['solar_urbano', 2], ['parcela_ejidal', 1]]);
  assert.equal(tj.statuses.get('active'), 3);

  const bare = readTileJson({ tilejson: '3.0.0', tiles: ['t/{z}/{x}/{y}.mvt'], bounds: [1, 2, 'x', 4] });
  assert.deepEqual(bare.bounds, [-180, -85.0511, 180, 85.0511]);
  assert.equal(bare.parcels, 0);
  assert.equal(bare.tenureCategories.size, 0);

  assert.throws(() => readTileJson({ type: 'FeatureCollection', features: [] }), TypeError);
  assert.throws(() => readTileJson({ tilejson: '3.0.0', tiles: [] }), TypeError);
  assert.throws(() => readTileJson(null), TypeError);
});

test('palette: known categories in order, unknown ones grey and last', () => {
  assert.deepEqual(sortCategories(['zzz', 'solar_urbano', 'clt_leasehold', 'aaa']), ['clt_leasehold', 'solar_urbano', 'aaa', 'zzz']);
  assert.equal(tenureColor('something_new'), UNKNOWN_COLOR);
});
