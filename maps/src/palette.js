// Colours for tenure categories, from the Okabe–Ito palette, which stays
// distinguishable for the common forms of colour blindness. Any category the
// map does not know yet is drawn in a neutral grey.

export const TENURE_ORDER = [
  'clt_leasehold',
  'clt_trust_held',
  'parcela_ejidal',
  'tierra_uso_comun',
  'solar_urbano',
];

export const TENURE_COLORS = {
  clt_leasehold: '#0072B2', // blue
  clt_trust_held: '#56B4E9', // sky blue
  parcela_ejidal: '#E69F00', // orange
  tierra_uso_comun: '#009E73', // bluish green
  solar_urbano: '#CC79A7', // reddish purple
};

export const UNKNOWN_COLOR = '#9E9E9E';

export const BACKGROUND_COLOR = '#F3F1EA';
export const OUTLINE_COLOR = '#1E2A32';
export const PROPOSED_COLOR = '#1E2A32';
export const DISPUTED_COLOR = '#C1002A';
export const RETIRED_COLOR = '#7A7A7A';
export const HIGHLIGHT_COLOR = '#000000';

export function tenureColor(code) {
  return Object.prototype.hasOwnProperty.call(TENURE_COLORS, code) ? TENURE_COLORS[code] : UNKNOWN_COLOR;
}

/** MapLibre expression: fill colour from the feature's tenureCategory. */
export function tenureColorExpression() {
  const expr = ['match', ['get', 'tenureCategory']];
  for (const code of TENURE_ORDER) expr.push(code, TENURE_COLORS[code]);
  expr.push(UNKNOWN_COLOR);
  return expr;
}

/** Known categories first in their usual order, then unknown ones alphabetically. */
export function sortCategories(codes) {
  const known = TENURE_ORDER.filter((c) => codes.includes(c));
  const unknown = codes.filter((c) => !TENURE_ORDER.includes(c)).sort();
  return known.concat(unknown);
}
