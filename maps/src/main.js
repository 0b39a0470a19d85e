// Tierra web map: parcels of community land trusts and ejidos on a plain
// background, coloured by tenure category, drawn from the service's own vector
// tiles. Everything is served by the Tierra service itself: no base map, fonts,
// glyphs or sprites are fetched from anywhere.

import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';

// MapLibre 5 ships one self-contained bundle (its web worker is built in and
// started from a blob: URL), with a WebGL 1 fallback for older phones.
import maplibregl from 'maplibre-gl';

import { browserLanguages, pickLanguage, translator } from './i18n.js';
import { formatters } from './format.js';
import { readTileJson } from './tilejson.js';
import {
  BACKGROUND_COLOR,
  DISPUTED_COLOR,
  HIGHLIGHT_COLOR,
  OUTLINE_COLOR,
  PROPOSED_COLOR,
  RETIRED_COLOR,
  sortCategories,
  tenureColor,
  tenureColorExpression,
} from './palette.js';

// Relative, so the page also works when the service sits under a sub-path. The
// TileJSON gives the tiles' absolute URL template and the legend's counts.
const TILEJSON_URL = 'tiles/parcels.json';
// Tiles are requested up to this zoom and stretched beyond it: at z18 a tile
// unit is about 4 cm on the ground, finer than any boundary survey, and a
// farmer zooming in on a slow network then downloads nothing more.
const TILE_MAX_ZOOM = 18;
// Give up waiting for the server to *start* answering after this long. Once
// the response has started, a slow download is left to finish.
const RESPONSE_TIMEOUT_MS = 45000;
const SMALL_SCREEN = window.matchMedia('(max-width: 639px)');
const REDUCED_MOTION = window.matchMedia('(prefers-reduced-motion: reduce)');

const lang = pickLanguage(window.location.search, browserLanguages(window.navigator));
const i18n = translator(lang);
const fmt = formatters(i18n.locale);

// ---------------------------------------------------------------------------
// Test hooks: window.tierra and <html data-map-state>.

const tierra = { map: null, lang, state: 'loading', parcelCount: 0, error: null };
window.tierra = tierra;

function setState(state, error = null) {
  tierra.state = state;
  tierra.error = error;
  document.documentElement.dataset.mapState = state;
  document.getElementById('loading').hidden = state !== 'loading';
}

// ---------------------------------------------------------------------------
// Static text.

function applyLanguage() {
  document.documentElement.lang = lang === 'es' ? 'es-MX' : 'en';
  document.title = i18n.t('documentTitle');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = i18n.t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', i18n.t(el.dataset.i18nAriaLabel));
  }
}

// ---------------------------------------------------------------------------
// Banner (#message) for errors and the empty registry.

const messageEl = document.getElementById('message');
const messageText = messageEl.querySelector('.message__text');
const retryButton = messageEl.querySelector('.message__retry');

function showMessage(kind, text, { retry = false } = {}) {
  messageEl.dataset.kind = kind;
  messageEl.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  messageText.textContent = text;
  retryButton.hidden = !retry;
  messageEl.hidden = false;
}

function hideMessage() {
  messageEl.hidden = true;
  delete messageEl.dataset.kind;
}

// ---------------------------------------------------------------------------
// Legend.

const legendEl = document.getElementById('legend');
const legendToggle = legendEl.querySelector('.legend__toggle');
const legendBody = legendEl.querySelector('.legend__body');
const legendList = legendEl.querySelector('.legend__list');
const legendOutlines = legendEl.querySelector('.legend__outlines');
const legendOutlineRows = legendEl.querySelector('.legend__outline-rows');
const legendPreview = legendEl.querySelector('.legend__preview');

function clearChildren(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

function setLegendExpanded(expanded) {
  legendToggle.setAttribute('aria-expanded', String(expanded));
  legendToggle.title = i18n.t(expanded ? 'legendHide' : 'legendShow');
  legendBody.hidden = !expanded;
  legendEl.classList.toggle('legend--collapsed', !expanded);
}

legendToggle.addEventListener('click', () => {
  setLegendExpanded(legendToggle.getAttribute('aria-expanded') !== 'true');
});

// counts: parcels per tenure category; statuses: parcels per status.
function renderLegend(counts, statuses) {
  clearChildren(legendList);
  clearChildren(legendPreview);
  for (const code of sortCategories([...counts.keys()])) {
    const chip = document.createElement('span');
    chip.className = 'swatch swatch--chip';
    chip.style.setProperty('--swatch-color', tenureColor(code));
    legendPreview.append(chip);

    const li = document.createElement('li');
    li.className = 'legend__item';
    li.dataset.category = code;
    if (!i18n.knownTenure(code)) li.classList.add('legend__item--unknown');

    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.setAttribute('aria-hidden', 'true');
    swatch.style.setProperty('--swatch-color', tenureColor(code));

    const label = document.createElement('span');
    label.className = 'legend__label';
    label.textContent = i18n.tenureLabel(code);

    const count = document.createElement('span');
    count.className = 'legend__count';
    count.textContent = fmt.integer(counts.get(code));

    li.append(swatch, label, count);
    legendList.append(li);
  }

  // A key for the outlines that differ from the plain one.
  clearChildren(legendOutlineRows);
  for (const status of ['proposed', 'disputed', 'retired']) {
    if (!statuses.has(status)) continue;
    const row = document.createElement('div');
    row.className = 'legend__outline';
    row.dataset.status = status;
    const line = document.createElement('span');
    line.className = `outline-swatch outline-swatch--${status}`;
    line.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.textContent = i18n.statusLabel(status);
    row.append(line, label);
    legendOutlineRows.append(row);
  }
  legendOutlines.hidden = legendOutlineRows.childElementCount === 0;

  legendEl.hidden = counts.size === 0;
}

// ---------------------------------------------------------------------------
// Popup.

function popupRow(list, fieldKey, label, value, { swatchColor } = {}) {
  const row = document.createElement('div');
  row.className = 'parcel-popup__row';
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  if (swatchColor) {
    const swatch = document.createElement('span');
    swatch.className = 'swatch swatch--small';
    swatch.setAttribute('aria-hidden', 'true');
    swatch.style.setProperty('--swatch-color', swatchColor);
    dd.append(swatch);
  }
  const span = document.createElement('span');
  span.dataset.field = fieldKey;
  span.textContent = value;
  dd.append(span);
  row.append(dt, dd);
  list.append(row);
  return dd;
}

function buildPopupContent(feature) {
  const p = feature.properties || {};
  const root = document.createElement('div');
  root.className = 'parcel-popup';
  root.lang = document.documentElement.lang;
  root.dataset.parcelId = String(feature.id);

  const title = document.createElement('h2');
  title.className = 'parcel-popup__title';
  title.dataset.field = 'name';
  const name = typeof p.name === 'string' ? p.name.trim() : '';
  title.textContent = name || i18n.t('unnamed');
  if (!name) title.classList.add('parcel-popup__title--unnamed');
  root.append(title);

  const list = document.createElement('dl');
  list.className = 'parcel-popup__fields';
  popupRow(list, 'code', i18n.field('code'), p.code ?? '—');
  if (p.trust) popupRow(list, 'trust', i18n.field('trust'), p.trust);
  popupRow(list, 'tenure', i18n.field('tenure'), i18n.tenureLabel(p.tenureCategory), {
    swatchColor: tenureColor(p.tenureCategory),
  });
  popupRow(list, 'landUse', i18n.field('landUse'), i18n.landUseLabel(p.landUse));
  const statusDd = popupRow(list, 'status', i18n.field('status'), i18n.statusLabel(p.status));
  if (p.status) statusDd.dataset.status = p.status;

  const area = fmt.area(p);
  const areaDd = popupRow(list, 'area', i18n.field('area'), area ? area.hectares : '—');
  if (area && area.squareMetres) {
    const secondary = document.createElement('span');
    secondary.className = 'parcel-popup__secondary';
    const sqm = document.createElement('span');
    sqm.dataset.field = 'areaSquareMetres';
    sqm.textContent = area.squareMetres;
    secondary.append('(', sqm, ')');
    areaDd.append(' ', secondary);
  }
  const perimeter = fmt.length(p.perimeterMetres);
  if (perimeter) popupRow(list, 'perimeter', i18n.field('perimeter'), perimeter);

  root.append(list);
  return root;
}

// ---------------------------------------------------------------------------
// Map.

const SOURCE = 'parcels';
const FILL_LAYER = 'parcels-fill';
const DOT_LAYER = 'parcels-dots';

const isState = (name) => ['boolean', ['feature-state', name], false];

// Opacity of a parcel's dot: 1 while the parcel is smaller than a few pixels
// on screen (zoom below its dotZoom), fading to 0 over one zoom level.
function dotOpacityExpression() {
  const expr = ['interpolate', ['linear'], ['zoom']];
  for (let z = 0; z <= 24; z += 1) expr.push(z, ['case', ['<', z, ['get', 'dotZoom']], 1, 0]);
  return expr;
}

// The style starts with the background only; the parcel source and layers are
// added once the TileJSON has said where the tiles are.
function mapStyle() {
  return {
    version: 8,
    name: 'tierra',
    // No glyphs, no sprite: nothing is fetched for the style.
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }],
  };
}

// Layers of the two tile layers: 'parcels' (polygons) and 'parcel-points'
// (a dot for each parcel too small to see, until its dotZoom).
function parcelLayers() {
  const statusIs = (s) => ['==', ['get', 'status'], s];
  const fromTiles = (layer) => ({ source: SOURCE, 'source-layer': 'parcels', ...layer });
  return [
    fromTiles({
      id: FILL_LAYER,
      type: 'fill',
      paint: {
        'fill-color': tenureColorExpression(),
        'fill-opacity': [
          'case',
          isState('selected'), 0.85,
          isState('hover'), 0.8,
          statusIs('retired'), 0.25,
          0.6,
        ],
      },
    }),
    fromTiles({
      id: 'parcels-outline',
      type: 'line',
      filter: ['!', ['in', ['get', 'status'], ['literal', ['proposed', 'disputed']]]],
      paint: {
        'line-color': ['case', statusIs('retired'), RETIRED_COLOR, OUTLINE_COLOR],
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 14, 1.2, 18, 2],
        'line-opacity': 0.9,
      },
    }),
    fromTiles({
      id: 'parcels-outline-proposed',
      type: 'line',
      filter: statusIs('proposed'),
      paint: { 'line-color': PROPOSED_COLOR, 'line-width': 2, 'line-dasharray': [3, 2] },
    }),
    fromTiles({
      id: 'parcels-outline-disputed',
      type: 'line',
      filter: statusIs('disputed'),
      paint: { 'line-color': DISPUTED_COLOR, 'line-width': 3, 'line-dasharray': [1.5, 1] },
    }),
    fromTiles({
      id: 'parcels-highlight',
      type: 'line',
      paint: {
        'line-color': HIGHLIGHT_COLOR,
        'line-width': ['case', isState('selected'), 3.5, 2.5],
        'line-opacity': ['case', isState('selected'), 1, isState('hover'), 0.9, 0],
      },
    }),
    {
      id: DOT_LAYER,
      type: 'circle',
      source: SOURCE,
      'source-layer': 'parcel-points',
      paint: {
        'circle-color': tenureColorExpression(),
        'circle-radius': ['case', isState('selected'), 7, isState('hover'), 6.5, 5],
        'circle-stroke-color': [
          'case',
          statusIs('disputed'), DISPUTED_COLOR,
          isState('selected'), HIGHLIGHT_COLOR,
          '#FFFFFF',
        ],
        'circle-stroke-width': ['case', statusIs('disputed'), 2, 1.5],
        'circle-opacity': dotOpacityExpression(),
        'circle-stroke-opacity': dotOpacityExpression(),
      },
    },
  ];
}

function createMap() {
  // One worker decodes the small parcel tiles quickly enough and keeps phones'
  // memory use down.
  maplibregl.setWorkerCount(1);

  const map = new maplibregl.Map({
    container: 'map',
    style: mapStyle(),
    center: [-99.13, 19.43],
    zoom: 4,
    minZoom: 1,
    maxZoom: 21,
    maxPitch: 0,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    renderWorldCopies: false,
    attributionControl: { compact: true },
    locale: i18n.mapLocale,
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 100 }), 'bottom-left');
  return map;
}

// Picks the parcel under a point. Among overlapping parcels the smallest wins
// (a house lot inside common land). On touch screens a small box around the
// finger is tried when the exact point hits nothing.
function parcelAt(map, point, slop) {
  const query = (geometry) => {
    const fills = map.queryRenderedFeatures(geometry, { layers: [FILL_LAYER] });
    if (fills.length > 0) return fills;
    const zoom = map.getZoom();
    return map
      .queryRenderedFeatures(geometry, { layers: [DOT_LAYER] })
      .filter((f) => zoom < Number(f.properties.dotZoom));
  };
  let hits = query(point);
  if (hits.length === 0 && slop > 0) {
    hits = query([
      [point.x - slop, point.y - slop],
      [point.x + slop, point.y + slop],
    ]);
  }
  if (hits.length === 0) return null;
  const size = (f) => {
    const a = Number(f.properties.areaSquareMetres);
    return Number.isFinite(a) ? a : Infinity;
  };
  return hits.reduce((best, f) => (size(f) < size(best) ? f : best));
}

// A parcel is a polygon in one tile layer and maybe a dot in the other: both
// share its registry id, so hover and selection follow it in either.
function setParcelState(map, id, key, value) {
  if (id === null || id === undefined) return;
  map.setFeatureState({ source: SOURCE, sourceLayer: 'parcels', id }, { [key]: value });
  map.setFeatureState({ source: SOURCE, sourceLayer: 'parcel-points', id }, { [key]: value });
}

function wireInteraction(map) {
  const canvas = map.getCanvas();
  let hoverId = null;
  let selectedId = null;
  let popup = null;

  const setHover = (id) => {
    if (id === hoverId) return;
    setParcelState(map, hoverId, 'hover', false);
    hoverId = id;
    setParcelState(map, hoverId, 'hover', true);
    canvas.style.cursor = id === null ? '' : 'pointer';
  };

  map.on('mousemove', (e) => {
    const f = parcelAt(map, e.point, 0);
    setHover(f ? f.id : null);
  });
  map.on('mouseout', () => setHover(null));

  const closePopup = () => {
    if (popup) popup.remove();
  };

  map.on('click', (e) => {
    const touch = e.originalEvent && e.originalEvent.pointerType === 'touch';
    const hit = parcelAt(map, e.point, touch || SMALL_SCREEN.matches ? 8 : 2);
    closePopup();
    if (!hit) return;

    selectedId = hit.id;
    setParcelState(map, selectedId, 'selected', true);
    const small = SMALL_SCREEN.matches;
    if (small) {
      // A phone is too narrow for MapLibre's side anchors: bring the tapped
      // point to the lower middle of the screen and open the popup above it.
      setLegendExpanded(false);
      map.easeTo({
        center: e.lngLat,
        offset: [0, Math.round(canvas.clientHeight * 0.2)],
        duration: REDUCED_MOTION.matches ? 0 : 250,
      });
    }
    const thisPopup = new maplibregl.Popup({
      ...(small ? { anchor: 'bottom' } : {}),
      closeButton: true,
      closeOnClick: false,
      closeOnMove: false,
      focusAfterOpen: false,
      maxWidth: 'min(300px, calc(100vw - 24px))',
      className: 'tierra-popup',
    })
      .setLngLat(e.lngLat)
      .setDOMContent(buildPopupContent(hit))
      .addTo(map);
    thisPopup.on('close', () => {
      if (popup === thisPopup) {
        setParcelState(map, selectedId, 'selected', false);
        selectedId = null;
        popup = null;
      }
    });
    popup = thisPopup;
  });

  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closePopup();
  });
}

// Padding for fitBounds: a margin all round, plus room for the legend where
// it covers the map. Never so much that nothing is left to fit into.
function fitPadding(map) {
  const container = map.getContainer();
  const width = container.clientWidth;
  const height = container.clientHeight;
  const base = Math.round(Math.max(16, Math.min(48, Math.min(width, height) * 0.08)));
  const padding = { top: base, right: base, bottom: base, left: base };
  if (!legendEl.hidden) {
    const legend = legendEl.getBoundingClientRect();
    const box = container.getBoundingClientRect();
    if (SMALL_SCREEN.matches) padding.top = Math.max(base, legend.bottom - box.top + 8);
    else padding.left = Math.max(base, legend.right - box.left + 8);
  }
  if (padding.left + padding.right > width - 40) padding.left = padding.right = Math.floor(width / 10);
  if (padding.top + padding.bottom > height - 40) padding.top = padding.bottom = Math.floor(height / 10);
  return padding;
}

// Resolves once the map has finished drawing the tiles in view (the first
// 'idle' at which the source reports loaded).
function whenRendered(map) {
  return new Promise((resolve) => {
    const check = () => {
      if (map.loaded() && map.isSourceLoaded(SOURCE)) resolve();
      else map.once('idle', check);
    };
    map.once('idle', check);
    map.triggerRepaint();
  });
}

// ---------------------------------------------------------------------------
// Loading the parcels.

class LoadError extends Error {
  constructor(kind, detail, status = null) {
    super(detail);
    this.kind = kind;
    this.status = status;
  }
}

async function fetchTileJson() {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), RESPONSE_TIMEOUT_MS);
  let response;
  try {
    response = await fetch(TILEJSON_URL, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      signal: controller.signal,
    });
  } catch (err) {
    throw new LoadError(controller.signal.aborted ? 'timeout' : 'network', String(err && err.message ? err.message : err));
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) throw new LoadError('http', `HTTP ${response.status}`, response.status);
  let tileJson;
  try {
    tileJson = readTileJson(await response.json());
  } catch (err) {
    if (err instanceof TypeError && /network|fetch/i.test(err.message)) throw new LoadError('network', err.message);
    throw new LoadError('data', String(err && err.message ? err.message : err));
  }
  return tileJson;
}

// Adds the tile source and its layers once; a retry after an error reuses them.
function addParcels(map, tileJson) {
  if (map.getSource(SOURCE)) return;
  map.addSource(SOURCE, {
    type: 'vector',
    tiles: tileJson.tiles,
    minzoom: tileJson.minzoom,
    maxzoom: Math.min(tileJson.maxzoom, TILE_MAX_ZOOM),
    bounds: tileJson.bounds,
  });
  for (const layer of parcelLayers()) map.addLayer(layer);
}

function errorText(err) {
  if (!(err instanceof LoadError)) return i18n.t('errorData');
  switch (err.kind) {
    case 'http':
      return i18n.t('errorHttp', { status: err.status });
    case 'timeout':
      return i18n.t('errorTimeout');
    case 'network':
      return i18n.t('errorNetwork');
    default:
      return i18n.t('errorData');
  }
}

function updateSummary(count) {
  document.getElementById('summary').textContent = i18n.count('parcelCount', count, fmt.integer(count));
}

function start() {
  applyLanguage();
  setState('loading');

  let map;
  try {
    map = createMap();
  } catch (err) {
    console.error('Tierra: the map could not be created', err);
    showMessage('error', i18n.t('errorMap'));
    setState('error', `map: ${err && err.message ? err.message : err}`);
    return;
  }
  tierra.map = map;

  let styleReady = false;
  const styleLoaded = new Promise((resolve) => {
    map.once('load', () => {
      styleReady = true;
      resolve();
    });
  });
  map.on('error', (e) => {
    console.error('Tierra map error', e && e.error ? e.error : e);
    // Before the style has loaded, an error means the map cannot work at all
    // (no WebGL, worker script missing); later ones are reported only.
    if (!styleReady && tierra.state !== 'error') {
      showMessage('error', i18n.t('errorMap'));
      setState('error', `map: ${e && e.error && e.error.message ? e.error.message : 'error'}`);
    }
  });

  let wired = false;
  let attempt = 0;

  async function load() {
    const thisAttempt = ++attempt;
    hideMessage();
    setState('loading');
    try {
      const [tileJson] = await Promise.all([fetchTileJson(), styleLoaded]);
      if (thisAttempt !== attempt) return;
      addParcels(map, tileJson);
      if (!wired) {
        wireInteraction(map);
        wired = true;
      }

      tierra.parcelCount = tileJson.parcels;
      renderLegend(tileJson.tenureCategories, tileJson.statuses);
      updateSummary(tileJson.parcels);

      const { bounds } = tileJson;
      if (tileJson.parcels > 0) {
        map.resize();
        map.fitBounds(
          [
            [bounds[0], bounds[1]],
            [bounds[2], bounds[3]],
          ],
          { padding: fitPadding(map), maxZoom: 18, animate: false },
        );
      } else {
        showMessage('empty', i18n.t('noParcels'));
      }

      await whenRendered(map);
      if (thisAttempt !== attempt) return;
      setState('ready');
    } catch (err) {
      if (thisAttempt !== attempt) return;
      console.error('Tierra: parcels could not be loaded', err);
      showMessage('error', errorText(err), { retry: true });
      setState('error', err && err.message ? err.message : String(err));
    }
  }

  retryButton.addEventListener('click', () => load());
  load();
}

// Phones start with the legend folded (its colour chips still show in the
// header button); wider screens start with it open.
setLegendExpanded(!SMALL_SCREEN.matches);
start();
