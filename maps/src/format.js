// Number formatting for areas and lengths in the UI language.

const toNumber = (value) => {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
};

export function formatters(locale) {
  const twoDecimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const integer = new Intl.NumberFormat(locale);

  return {
    integer: (n) => integer.format(n),

    /**
     * Area of a parcel from its properties: `{ hectares: "1.25 ha",
     * squareMetres: "3,500 m²" | null }`. Square metres are given only for
     * parcels under one hectare, where hectares alone say little.
     */
    area(properties) {
      let sqm = toNumber(properties.areaSquareMetres);
      let ha = toNumber(properties.areaHectares);
      if (ha === null && sqm !== null) ha = sqm / 10000;
      if (sqm === null && ha !== null) sqm = ha * 10000;
      if (ha === null) return null;
      return {
        hectares: `${twoDecimals.format(ha)} ha`,
        squareMetres: sqm !== null && ha < 1 ? `${whole.format(sqm)} m²` : null,
      };
    },

    /** "850 m" below a kilometre, "1.25 km" above. */
    length(value) {
      const m = toNumber(value);
      if (m === null) return null;
      return m < 1000 ? `${whole.format(m)} m` : `${twoDecimals.format(m / 1000)} km`;
    },
  };
}
