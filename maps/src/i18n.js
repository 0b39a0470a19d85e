// UI strings for the map, in Mexican Spanish and English.
//
// Every string the page shows comes from this table. Codes that are not in a
// table (a tenure category, land use or status added to the service later)
// are shown as their raw code rather than hidden.

export const SUPPORTED_LANGUAGES = ['es', 'en'];
export const DEFAULT_LANGUAGE = 'en';

// BCP 47 locale used for number formatting in each UI language.
export const NUMBER_LOCALES = { es: 'es-MX', en: 'en' };

const STRINGS = {
  es: {
    title: 'Tierra',
    subtitle: 'Registro de tierra comunitaria',
    documentTitle: 'Tierra · Registro de tierra comunitaria',
    mapLabel: 'Mapa de parcelas',
    loading: 'Cargando parcelas…',
    legendHeading: 'Tenencia',
    legendOutlines: 'Contorno',
    legendShow: 'Mostrar leyenda',
    legendHide: 'Ocultar leyenda',
    parcelCount: { one: '{n} parcela', other: '{n} parcelas' },
    noParcels: 'Todavía no hay parcelas registradas.',
    errorHttp: 'No se pudieron cargar las parcelas: el servidor respondió con un error ({status}).',
    errorNetwork: 'No se pudieron cargar las parcelas. Revise su conexión a internet e intente de nuevo.',
    errorTimeout: 'La conexión tardó demasiado. Intente de nuevo cuando la señal mejore.',
    errorData: 'No se pudieron leer los datos de las parcelas que envió el servidor.',
    errorMap: 'Este navegador no puede mostrar el mapa (WebGL no está disponible). Pruebe con otro navegador o actualice el actual.',
    retry: 'Reintentar',
    close: 'Cerrar',
    fields: {
      code: 'Clave',
      name: 'Nombre',
      trust: 'Fideicomiso / ejido',
      tenure: 'Tenencia',
      landUse: 'Uso de suelo',
      status: 'Estado',
      area: 'Superficie',
      perimeter: 'Perímetro',
    },
    unnamed: 'Sin nombre',
    tenure: {
      clt_leasehold: 'Arrendamiento del fideicomiso',
      clt_trust_held: 'Tierra del fideicomiso (sin arrendar)',
      parcela_ejidal: 'Parcela ejidal',
      tierra_uso_comun: 'Tierra de uso común',
      solar_urbano: 'Solar urbano',
    },
    landUse: {
      residential: 'Habitacional',
      agricultural: 'Agrícola',
      pasture: 'Agostadero',
      forest: 'Forestal',
      commercial: 'Comercial',
      community: 'Equipamiento comunitario',
      conservation: 'Conservación',
    },
    status: {
      active: 'Activa',
      proposed: 'Propuesta',
      disputed: 'En disputa',
      retired: 'Dada de baja',
    },
    // Strings inside MapLibre's own controls.
    mapLocale: {
      'AttributionControl.ToggleAttribution': 'Mostrar u ocultar atribución',
      'AttributionControl.MapFeedback': 'Comentarios sobre el mapa',
      'FullscreenControl.Enter': 'Pantalla completa',
      'FullscreenControl.Exit': 'Salir de pantalla completa',
      'GeolocateControl.FindMyLocation': 'Mostrar mi ubicación',
      'GeolocateControl.LocationNotAvailable': 'Ubicación no disponible',
      'LogoControl.Title': 'Logotipo de MapLibre',
      'Map.Title': 'Mapa',
      'Marker.Title': 'Marcador',
      'NavigationControl.ResetBearing': 'Restablecer el norte',
      'NavigationControl.ZoomIn': 'Acercar',
      'NavigationControl.ZoomOut': 'Alejar',
      'Popup.Close': 'Cerrar',
      'ScaleControl.Feet': 'ft',
      'ScaleControl.Meters': 'm',
      'ScaleControl.Kilometers': 'km',
      'ScaleControl.Miles': 'mi',
      'ScaleControl.NauticalMiles': 'mn',
      'CooperativeGesturesHandler.WindowsHelpText': 'Use Ctrl + rueda del ratón para acercar o alejar el mapa',
      'CooperativeGesturesHandler.MacHelpText': 'Use ⌘ + rueda del ratón para acercar o alejar el mapa',
      'CooperativeGesturesHandler.MobileHelpText': 'Use dos dedos para mover el mapa',
    },
  },
  en: {
    title: 'Tierra',
    subtitle: 'Community land registry',
    documentTitle: 'Tierra · Community land registry',
    mapLabel: 'Parcel map',
    loading: 'Loading parcels…',
    legendHeading: 'Tenure',
    legendOutlines: 'Outline',
    legendShow: 'Show legend',
    legendHide: 'Hide legend',
    parcelCount: { one: '{n} parcel', other: '{n} parcels' },
    noParcels: 'No parcels have been registered yet.',
    errorHttp: 'The parcels could not be loaded: the server answered with an error ({status}).',
    errorNetwork: 'The parcels could not be loaded. Check your internet connection and try again.',
    errorTimeout: 'The connection took too long. Try again when the signal is better.',
    errorData: 'The parcel data sent by the server could not be read.',
    errorMap: 'This browser cannot display the map (WebGL is not available). Try another browser or update this one.',
    retry: 'Try again',
    close: 'Close',
    fields: {
      code: 'Code',
      name: 'Name',
      trust: 'Trust / ejido',
      tenure: 'Tenure',
      landUse: 'Land use',
      status: 'Status',
      area: 'Area',
      perimeter: 'Perimeter',
    },
    unnamed: 'Unnamed',
    tenure: {
      clt_leasehold: 'Land trust lease',
      clt_trust_held: 'Land trust common land (not leased)',
      parcela_ejidal: 'Ejido parcel',
      tierra_uso_comun: 'Common-use land',
      solar_urbano: 'Village house lot (solar)',
    },
    landUse: {
      residential: 'Residential',
      agricultural: 'Agricultural',
      pasture: 'Pasture',
      forest: 'Forest',
      commercial: 'Commercial',
      community: 'Community facilities',
      conservation: 'Conservation',
    },
    status: {
      active: 'Active',
      proposed: 'Proposed',
      disputed: 'Disputed',
      retired: 'Retired',
    },
    mapLocale: {},
  },
};

/**
 * Picks the UI language.
 *
 * A `?lang=es` or `?lang=en` URL parameter wins. Otherwise the browser's
 * preferred languages are walked in order and the first whose primary subtag
 * is supported is taken ("es-MX" → "es", "en-GB" → "en"). Fallback: English.
 */
export function pickLanguage(search, preferred) {
  const supported = (tag) => {
    if (typeof tag !== 'string') return null;
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    return SUPPORTED_LANGUAGES.includes(primary) ? primary : null;
  };
  try {
    const fromUrl = supported(new URLSearchParams(search || '').get('lang'));
    if (fromUrl) return fromUrl;
  } catch {
    // Malformed query string: ignore it.
  }
  for (const tag of preferred || []) {
    const lang = supported(tag);
    if (lang) return lang;
  }
  return DEFAULT_LANGUAGE;
}

/** The list of languages the browser prefers, most preferred first. */
export function browserLanguages(nav) {
  if (!nav) return [];
  if (Array.isArray(nav.languages) && nav.languages.length > 0) return nav.languages;
  return nav.language ? [nav.language] : [];
}

/** Returns the translation helpers for one UI language. */
export function translator(lang) {
  const table = STRINGS[lang] || STRINGS[DEFAULT_LANGUAGE];
  const locale = NUMBER_LOCALES[lang] || 'en';
  const plural = new Intl.PluralRules(locale);
  const fill = (text, params) =>
    text.replace(/\{(\w+)\}/g, (whole, key) => (params && key in params ? String(params[key]) : whole));
  const label = (group) => (code) => {
    if (code === null || code === undefined || code === '') return '—';
    const known = table[group][code];
    return known === undefined ? String(code) : known;
  };
  return {
    lang,
    locale,
    strings: table,
    /** A plain string, with {placeholders} filled in. */
    t: (key, params) => fill(table[key] ?? key, params),
    field: (key) => table.fields[key] ?? key,
    count: (key, n, formatted) => {
      const forms = table[key];
      return fill(forms[plural.select(n)] ?? forms.other, { n: formatted ?? String(n) });
    },
    tenureLabel: label('tenure'),
    landUseLabel: label('landUse'),
    statusLabel: label('status'),
    knownTenure: (code) => Object.prototype.hasOwnProperty.call(table.tenure, code),
    mapLocale: table.mapLocale,
  };
}
