import { overlapsAny, roundTo, type Span } from '../text';
import { UNIT_PATTERN, ucumUnit, unitFromAlias, type UnitCode } from './units';

/**
 * Numbers with their units ("70 kg", "98.6 F", "5 mg", "2 puffs"), feet and inches heights (5'10",
 * 5 ft 10 in -> 70 [in_i]), and blood pressures written systolic/diastolic ("120/80"). A number with
 * no unit is kept too: some observations have a customary unit (heart rate: /min), which the
 * observation builder decides on.
 */
export interface FoundQuantity extends Span {
  value: number;
  unit?: UnitCode;
  text: string;
}

export interface FoundBloodPressure extends Span {
  systolic: number;
  diastolic: number;
  text: string;
}

export interface QuantityScan {
  quantities: FoundQuantity[];
  pressures: FoundBloodPressure[];
}

export function findBloodPressures(text: string, taken: readonly Span[] = []): FoundBloodPressure[] {
  const lower = text.toLowerCase();
  const found: FoundBloodPressure[] = [];
  const bp = /(?<![\d/.:-])(\d{2,3})\s*\/\s*(\d{2,3})(?![\d/.])(?:\s*(?:mm\s*hg|mmhg|mm\[hg\]))?/g;
  for (let m = bp.exec(lower); m; m = bp.exec(lower)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (overlapsAny(span, taken)) continue;
    found.push({ ...span, systolic: Number(m[1]), diastolic: Number(m[2]), text: text.slice(span.start, span.end) });
  }
  return found;
}

export function findQuantities(text: string, taken: readonly Span[] = []): FoundQuantity[] {
  const lower = text.toLowerCase();
  const found: FoundQuantity[] = [];
  const add = (q: FoundQuantity) => {
    if (!overlapsAny(q, taken) && !overlapsAny(q, found)) found.push(q);
  };
  // Heights in feet and inches: 5'10", 5 ft 10 in, 5 feet 10 inches, 6 ft.
  const feet = /(?<![\d.])(\d)\s*(?:'|ft\.?|feet|foot)\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:"|''|in(?:ch(?:es)?)?\b\.?))?/g;
  for (let m = feet.exec(lower); m; m = feet.exec(lower)) {
    const inches = Number(m[1]) * 12 + (m[2] ? Number(m[2]) : 0);
    add({ start: m.index, end: m.index + m[0].length, value: roundTo(inches, 2), unit: ucumUnit('[in_i]', 'in'), text: text.slice(m.index, m.index + m[0].length) });
  }
  const number = new RegExp(`(?<![\\w.:/-])(\\d+(?:\\.\\d+)?|\\.\\d+)(?:\\s*(${UNIT_PATTERN}))?(?![\\w/])`, 'g');
  for (let m = number.exec(lower); m; m = number.exec(lower)) {
    let end = m.index + m[0].length;
    let unitText: string | undefined = m[2];
    // A one-letter unit glued to a following word ("5 c" of "5 capsules" is handled by the longer alias;
    // "70 in the" is not inches): one-letter units must end the word.
    if (unitText && /^[a-z]$/.test(unitText) && /^[a-z]/.test(lower.slice(end))) {
      unitText = undefined;
      end = m.index + m[1]!.length;
    }
    const unit = unitText ? unitFromAlias(unitText) : undefined;
    if (!unit) end = m.index + m[1]!.length;
    add({ start: m.index, end, value: Number(m[1]), unit, text: text.slice(m.index, end) });
  }
  return found.sort((a, b) => a.start - b.start);
}
