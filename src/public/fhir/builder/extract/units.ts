import { UCUM, V3_ORDERABLE_DRUG_FORM } from '../../terminology/systems';

/**
 * The units people type, mapped to UCUM (http://unitsofmeasure.org), which FHIR requires for
 * Quantity codes of measurements. Doses counted in dose forms (tablets, capsules) are not UCUM
 * units; they use the HL7 v3 orderable drug form codes, as FHIR's dosage examples do.
 */
export interface UnitCode {
  system: string;
  code: string;
  /** Quantity.unit: what people read. */
  unit: string;
}

const ucum = (code: string, unit: string = code): UnitCode => ({ system: UCUM, code, unit });

/** Aliases (lower case) -> unit. Whole-word matched right after a number. */
const ALIASES: Array<[string[], UnitCode]> = [
  [['mmhg', 'mm hg', 'mm of hg', 'mm[hg]', 'millimeters of mercury'], ucum('mm[Hg]', 'mmHg')],
  [['°f', '° f', 'º f', 'ºf', 'degrees f', 'degrees fahrenheit', 'degree fahrenheit', 'deg f', 'degf', 'fahrenheit', 'f'], ucum('[degF]', 'F')],
  [['°c', '° c', 'º c', 'ºc', 'degrees c', 'degrees celsius', 'degree celsius', 'deg c', 'degc', 'celsius', 'centigrade', 'c'], ucum('Cel', 'C')],
  [['kg', 'kgs', 'kilograms', 'kilogram', 'kilos', 'kilo'], ucum('kg')],
  [['lb', 'lbs', 'pounds', 'pound'], ucum('[lb_av]', 'lb')],
  [['cm', 'centimeters', 'centimetres', 'centimeter', 'centimetre'], ucum('cm')],
  [['inches', 'inch', 'in.'], ucum('[in_i]', 'in')],
  [['m', 'meters', 'metres', 'meter', 'metre'], ucum('m')],
  [['bpm', 'beats per minute', 'beats/min', 'beats/minute', 'beats a minute', '/min', 'per minute', 'per min', 'breaths per minute', 'breaths/min', 'breaths/minute', 'breaths a minute'], ucum('/min')],
  [['%', 'percent', 'per cent', 'pct'], ucum('%')],
  [['mg/dl', 'mg per dl', 'mg/100ml'], ucum('mg/dL')],
  [['g/dl', 'g per dl', 'gm/dl'], ucum('g/dL')],
  [['mmol/l', 'mmol per l', 'mmol/liter'], ucum('mmol/L')],
  [['meq/l', 'meq per l'], ucum('meq/L', 'mEq/L')],
  [['mg/l'], ucum('mg/L')],
  [['ng/ml'], ucum('ng/mL')],
  [['u/l', 'units/l', 'iu/l'], ucum('U/L')],
  [['miu/l', 'mu/l'], ucum('m[IU]/L', 'mIU/L')],
  [['uiu/ml', 'µiu/ml', 'μiu/ml'], ucum('u[IU]/mL', 'uIU/mL')],
  [['k/ul', 'k/µl', 'k/μl', 'x10^3/ul', 'x 10^3/ul', '10^3/ul', '10*3/ul', 'x10e3/ul', 'thou/ul', 'thousand/ul'], ucum('10*3/uL')],
  [['10^9/l', 'x10^9/l', 'x 10^9/l', '10*9/l'], ucum('10*9/L')],
  [['kg/m2', 'kg/m^2', 'kg/m²'], ucum('kg/m2')],
  [['mg', 'milligrams', 'milligram', 'mgs'], ucum('mg')],
  [['mcg', 'µg', 'μg', 'ug', 'micrograms', 'microgram'], ucum('ug', 'mcg')],
  [['g', 'gm', 'grams', 'gram'], ucum('g')],
  [['ml', 'milliliters', 'millilitres', 'milliliter', 'millilitre', 'cc'], ucum('mL')],
  [['l', 'liters', 'litres', 'liter', 'litre'], ucum('L')],
  [['units', 'unit', 'iu', 'international units'], ucum('[iU]', 'IU')],
  [['puffs', 'puff', 'inhalations', 'inhalation'], ucum('{puff}', 'puff')],
  [['drops', 'drop', 'gtt', 'gtts'], ucum('[drp]', 'drop')],
  [['tablets', 'tablet', 'tabs', 'tab', 'pills', 'pill'], { system: V3_ORDERABLE_DRUG_FORM, code: 'TAB', unit: 'tablet' }],
  [['capsules', 'capsule', 'caps', 'cap'], { system: V3_ORDERABLE_DRUG_FORM, code: 'CAP', unit: 'capsule' }],
];

const BY_ALIAS = new Map<string, UnitCode>();
for (const [aliases, unit] of ALIASES) for (const alias of aliases) BY_ALIAS.set(alias, unit);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Every alias, longest first, as one alternation (regex source). */
export const UNIT_PATTERN = [...BY_ALIAS.keys()]
  .sort((a, b) => b.length - a.length)
  .map((a) => escape(a).replace(/ /g, '\\s*'))
  .join('|');

export function unitFromAlias(alias: string): UnitCode | undefined {
  return BY_ALIAS.get(alias.toLowerCase().replace(/\s+/g, ' ').trim()) ?? BY_ALIAS.get(alias.toLowerCase().replace(/\s+/g, ''));
}

export { ucum as ucumUnit };
