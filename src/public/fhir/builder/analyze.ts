import { ALLERGENS, type AllergenConcept } from '../terminology/allergies';
import { CONDITIONS, type ConditionConcept } from '../terminology/conditions';
import { VACCINES } from '../terminology/cvx';
import { LAB_PANELS, OBSERVATIONS, type ObservationConcept, type PanelConcept } from '../terminology/loinc';
import { findConcepts, type ConceptMatch } from '../terminology/match';
import { PROCEDURES, type ProcedureConcept } from '../terminology/procedures';
import { MEDICATIONS } from '../terminology/rxnorm';
import type { Concept } from '../terminology/types';
import { findDates, type FoundDate } from './extract/dates';
import { findMrns, findNpis, type FoundMrn, type FoundNpi } from './extract/identifiers';
import { findContacts, findGender, findNames, findOrganizations, type FoundContact, type FoundGender, type FoundName, type FoundOrganization } from './extract/people';
import { findBloodPressures, findQuantities, type FoundBloodPressure, type FoundQuantity } from './extract/quantities';
import { findSubjectId, type FoundSubject } from './extract/subject';
import { normalizePrompt, overlapsAny, type Span } from './text';

/**
 * Reads a request once: every fact the extractors find, and the clinical things it names
 * ("mentions"), each given the resource type its context asks for (a drug after "allergic to" is an
 * allergy, a panel after "order" is a ServiceRequest, a condition after "for" is the reason of the
 * order or prescription before it). Values (numbers, dates) are then handed to the mention they
 * belong to, by position.
 */
export type ClinicalType =
  | 'Observation'
  | 'Condition'
  | 'MedicationRequest'
  | 'Immunization'
  | 'AllergyIntolerance'
  | 'Encounter'
  | 'Procedure'
  | 'DiagnosticReport'
  | 'ServiceRequest';

export type ResourceTypeName = ClinicalType | 'Patient' | 'Practitioner' | 'Organization';

export type EncounterClass = 'AMB' | 'EMER' | 'IMP' | 'VR' | 'HH' | 'OBSENC';

interface MentionBase extends Span {
  /** The words of the request this mention stands for. */
  text: string;
  /** The part of the request that describes this mention (up to the next mention). */
  region: Span;
  dates: FoundDate[];
  quantities: FoundQuantity[];
  pressures: FoundBloodPressure[];
  /** Conditions given as the reason ("for asthma"). */
  reasons: ConditionConcept[];
}

export type Mention =
  | (MentionBase & { type: 'Observation'; concept: ObservationConcept })
  | (MentionBase & { type: 'Condition'; concept: ConditionConcept })
  | (MentionBase & { type: 'MedicationRequest'; concept: Concept })
  | (MentionBase & { type: 'Immunization'; concept: Concept })
  | (MentionBase & { type: 'AllergyIntolerance'; concept: Concept; category?: AllergenConcept['category']; none?: 'all' | 'drug' })
  | (MentionBase & { type: 'Encounter'; encounterClass?: EncounterClass })
  | (MentionBase & { type: 'Procedure'; concept: ProcedureConcept })
  | (MentionBase & { type: 'ServiceRequest'; concept: Concept; category: 'laboratory' | ProcedureConcept['kind'] })
  | (MentionBase & { type: 'DiagnosticReport'; concept: PanelConcept });

/** A resource type the request asks for without saying enough to build it. */
export interface Wanted {
  type: ResourceTypeName;
  missing: string;
  at: number;
}

export interface Analysis {
  text: string;
  now: Date;
  subject?: FoundSubject;
  mrns: FoundMrn[];
  npis: FoundNpi[];
  names: FoundName[];
  gender?: FoundGender;
  contacts: FoundContact[];
  organizations: FoundOrganization[];
  dates: FoundDate[];
  mentions: Mention[];
  wanted: Wanted[];
  /** Patient / Practitioner / Organization asked for as resources of their own. */
  wantsPatient: boolean;
  wantsPractitioner: boolean;
  wantsOrganization: boolean;
  problems: string[];
  notes: string[];
}

type Candidate =
  | { kind: 'observation'; m: ConceptMatch<ObservationConcept> }
  | { kind: 'panel'; m: ConceptMatch<PanelConcept> }
  | { kind: 'condition'; m: ConceptMatch<ConditionConcept> }
  | { kind: 'medication'; m: ConceptMatch }
  | { kind: 'vaccine'; m: ConceptMatch }
  | { kind: 'allergen'; m: ConceptMatch<AllergenConcept> }
  | { kind: 'procedure'; m: ConceptMatch<ProcedureConcept> };

/** When two tables match the same words, the more specific reading wins. */
const PRIORITY: Record<Candidate['kind'], number> = { vaccine: 7, panel: 6, procedure: 5, observation: 4, condition: 3, medication: 2, allergen: 1 };

/** Every word of every synonym (3+ letters), so that a drug or a condition is never read as a name. */
const TERM_WORDS = new Set<string>();
for (const table of [OBSERVATIONS, LAB_PANELS, CONDITIONS, MEDICATIONS, VACCINES, ALLERGENS, PROCEDURES] as ReadonlyArray<readonly Concept[]>) {
  for (const c of table) for (const s of c.synonyms) for (const w of s.split(/[\s,]+/)) if (w.length > 2) TERM_WORDS.add(w);
}
export const isTermWord = (word: string): boolean => TERM_WORDS.has(word.toLowerCase());

const ALLERGY_BEFORE = /\b(?:allergic|allergy|allergies|allergies include|intolerant|intolerance|sensitivity|sensitive|reacts?|reaction)\b(?:\s+(?:to|of|with|:))?[\s:,]*(?:[a-z'-]+[\s,]+(?:and|or|&)?\s*){0,6}$/;
const ALLERGY_AFTER = /^\s*(?:allergy|allergies|intolerance|sensitivity|allergic)\b/;
const ORDER_BEFORE = /\b(?:order|orders|ordered|ordering|request|requested|requesting|refer|referred|referral|schedule|scheduled|scheduling|recommend|recommended|needs?|get|draw|obtain|service request)\b(?:\s+(?:a|an|the|for|to|stat|urgent|routine|new|repeat|fasting|of|me|patient|\d+))*\s*$/;
const ORDER_AFTER = /^\s*(?:test\s+|panel\s+|study\s+)?(?:ordered|requested|scheduled|order|request|needed)\b/;
const REPORT_NEAR = /\b(?:report|reports|results?|resulted)\b/;
const NEGATED_BEFORE = /\b(?:no|denies|denied|without|negative for|not|never had|rule[sd]? out|r\/o)\s+(?:known\s+|history of\s+|signs of\s+|evidence of\s+)?$/;
const FAMILY_BEFORE = /\b(?:family history of|mother|father|sister|brother|parent|parents|grandmother|grandfather)\b[^.;]*$/;
const REASON_BEFORE = /\b(?:for|due to|because of|to treat|treating|secondary to|reason:?|indication:?)\s*$/;
const ENCOUNTER_WORDS =
  /\b(?:encounter|visit|admission|admitted|hospitali[sz]ed|hospitali[sz]ation|inpatient stay|hospital stay|er visit|ed visit|emergency (?:room|department) visit|office visit|clinic visit|telehealth|telemedicine|televisit|video visit|virtual visit|home visit|home health visit|check-?up|annual physical|well visit|seen in (?:the )?(?:er|ed|emergency|clinic|office))\b/gi;

function encounterClass(text: string): EncounterClass | undefined {
  const l = text.toLowerCase();
  if (/\b(?:er|ed|emergency)\b/.test(l)) return 'EMER';
  if (/\b(?:admission|admitted|inpatient|hospitali[sz]|hospital stay)\b/.test(l)) return 'IMP';
  if (/\b(?:telehealth|telemedicine|televisit|video|virtual)\b/.test(l)) return 'VR';
  if (/\bhome (?:health )?visit\b/.test(l)) return 'HH';
  if (/\bobservation (?:stay|encounter)\b/.test(l)) return 'OBSENC';
  if (/\b(?:office|clinic|outpatient|ambulatory|check-?up|physical|well visit|follow-?up)\b/.test(l)) return 'AMB';
  return undefined;
}

/** Short abbreviations (3 letters or fewer: "HR", "K", "CAD") count only as written in capitals, or before a value. */
function trustedShortMatch(m: ConceptMatch, lower: string): boolean {
  const letters = m.text.replace(/[^a-z]/gi, '');
  if (letters.length > 3) return true;
  const valueAfter = /^\s*(?:[:=]|is|was|of|at)?\s*(?:\d|\.\d)/.test(lower.slice(m.end, m.end + 16));
  return m.text === m.text.toUpperCase() || valueAfter;
}

export function analyze(prompt: string, now: Date): Analysis {
  const text = normalizePrompt(prompt);
  const lower = text.toLowerCase();
  const problems: string[] = [];
  const notes: string[] = [];

  const subject = findSubjectId(text);
  const mrns = findMrns(text);
  const npis = findNpis(text);
  const contacts = findContacts(text);
  const idSpans: Span[] = [...(subject ? [subject] : []), ...mrns, ...npis, ...contacts];
  const dateScan = findDates(text, now, idSpans);
  problems.push(...dateScan.problems);
  notes.push(...dateScan.notes);
  const dates = dateScan.dates;
  const pressures = findBloodPressures(text, [...idSpans, ...dates]);
  const quantities = findQuantities(text, [...idSpans, ...dates, ...pressures]);
  const organizations = findOrganizations(text);
  // An organization's name is not a person's ("organization named Acme Health").
  const names = findNames(text, isTermWord).filter((n) => !organizations.some((o) => n.end > o.start && n.start < o.end));
  // The unit of a quantity is not a concept ("250 K/uL" is not potassium).
  const unitSpans: Span[] = quantities.filter((q) => q.unit).map((q) => ({ start: q.start + (/^[\d.]+/.exec(q.text)?.[0].length ?? 0), end: q.end }));
  const gender = findGender(text.replace(/\b\d+(?:\.\d+)?\s*°?\s*[fF]\b/g, (s) => ' '.repeat(s.length)));

  // Every concept of every table, then one reading per stretch of words.
  const candidates: Candidate[] = [
    ...findConcepts(text, OBSERVATIONS).map((m) => ({ kind: 'observation' as const, m })),
    ...findConcepts(text, LAB_PANELS).map((m) => ({ kind: 'panel' as const, m })),
    ...findConcepts(text, CONDITIONS).map((m) => ({ kind: 'condition' as const, m })),
    ...findConcepts(text, MEDICATIONS).map((m) => ({ kind: 'medication' as const, m })),
    ...findConcepts(text, VACCINES).map((m) => ({ kind: 'vaccine' as const, m })),
    ...findConcepts(text, ALLERGENS).map((m) => ({ kind: 'allergen' as const, m })),
    ...findConcepts(text, PROCEDURES).map((m) => ({ kind: 'procedure' as const, m })),
  ].filter((c) => !overlapsAny(c.m, [...idSpans, ...dates, ...names, ...organizations, ...unitSpans]));

  const allergyAt = (m: Span) => {
    const before = lower.slice(Math.max(0, m.start - 80), m.start);
    const sentence = before.split(/[.;!?]/).pop() ?? '';
    const cue = ALLERGY_BEFORE.exec(sentence);
    // "allergic to penicillin, prescribed amoxicillin": a verb in between starts a new statement.
    if (cue && !/\b(?:prescri\w*|order\w*|start\w*|give|given|gave|take|takes|taking|on|rx|for|with)\b/.test(cue[0].replace(/^\S+\s+(?:to|of)?/, ''))) return true;
    return ALLERGY_AFTER.test(lower.slice(m.end, m.end + 20));
  };
  const orderAt = (m: Span) => ORDER_BEFORE.test(lower.slice(Math.max(0, m.start - 50), m.start)) || ORDER_AFTER.test(lower.slice(m.end, m.end + 30));
  const reportAt = (m: Span) => {
    const sentenceStart = Math.max(lower.lastIndexOf('.', m.start - 1), lower.lastIndexOf(';', m.start - 1)) + 1;
    return REPORT_NEAR.test(lower.slice(Math.max(sentenceStart, m.start - 40), m.end + 25));
  };

  const kept: Candidate[] = [];
  for (const c of candidates.sort((a, b) => b.m.end - b.m.start - (a.m.end - a.m.start) || PRIORITY[b.kind] - PRIORITY[a.kind])) {
    const clash = kept.find((k) => overlapsAny(k.m, [c.m]));
    if (!clash) {
      kept.push(c);
      continue;
    }
    // The same words as a drug and an allergen ("amoxicillin"): the allergy context decides.
    const same = clash.m.start === c.m.start && clash.m.end === c.m.end;
    if (same && ((clash.kind === 'medication' && c.kind === 'allergen') || (clash.kind === 'allergen' && c.kind === 'medication'))) {
      const wantAllergen = allergyAt(c.m);
      if ((wantAllergen && c.kind === 'allergen') || (!wantAllergen && c.kind === 'medication')) kept[kept.indexOf(clash)] = c;
    }
  }
  kept.sort((a, b) => a.m.start - b.m.start);

  const mentions: Mention[] = [];
  const wanted: Wanted[] = [];
  const base = (m: ConceptMatch): MentionBase => ({ start: m.start, end: m.end, text: m.text, region: { start: m.start, end: m.end }, dates: [], quantities: [], pressures: [], reasons: [] });

  for (const c of kept) {
    const m = c.m;
    const before = lower.slice(Math.max(0, m.start - 40), m.start);
    if (c.kind !== 'allergen' && c.kind !== 'medication' && NEGATED_BEFORE.test(before)) {
      notes.push(`"${m.text}" is negated ("${text.slice(Math.max(0, m.start - 12), m.end).trim()}"): left out`);
      continue;
    }
    if (c.kind === 'condition' && FAMILY_BEFORE.test(lower.slice(Math.max(0, m.start - 60), m.start))) {
      notes.push(`"${m.text}" is family history, which the offline engine does not build (FamilyMemberHistory): left out`);
      continue;
    }
    switch (c.kind) {
      case 'observation': {
        if (!trustedShortMatch(m, lower)) continue;
        if (orderAt(m)) {
          mentions.push({ ...base(m), type: 'ServiceRequest', concept: c.m.concept, category: 'laboratory' });
        } else mentions.push({ ...base(m), type: 'Observation', concept: c.m.concept });
        break;
      }
      case 'panel':
        if (!trustedShortMatch(m, lower) && !orderAt(m) && !reportAt(m)) continue;
        if (orderAt(m)) mentions.push({ ...base(m), type: 'ServiceRequest', concept: c.m.concept, category: 'laboratory' });
        else mentions.push({ ...base(m), type: 'DiagnosticReport', concept: c.m.concept });
        break;
      case 'condition':
        if (!trustedShortMatch(m, lower)) continue;
        mentions.push({ ...base(m), type: 'Condition', concept: c.m.concept });
        break;
      case 'medication':
        if (allergyAt(m)) mentions.push({ ...base(m), type: 'AllergyIntolerance', concept: c.m.concept, category: 'medication' });
        else mentions.push({ ...base(m), type: 'MedicationRequest', concept: c.m.concept });
        break;
      case 'vaccine':
        mentions.push({ ...base(m), type: 'Immunization', concept: c.m.concept });
        break;
      case 'allergen':
        if (!trustedShortMatch(m, lower)) continue;
        if (allergyAt(m)) mentions.push({ ...base(m), type: 'AllergyIntolerance', concept: c.m.concept, category: c.m.concept.category });
        break;
      case 'procedure':
        if (!trustedShortMatch(m, lower)) continue;
        if (orderAt(m)) mentions.push({ ...base(m), type: 'ServiceRequest', concept: c.m.concept, category: c.m.concept.kind });
        else mentions.push({ ...base(m), type: 'Procedure', concept: c.m.concept });
        break;
    }
  }

  // "No known allergies" / NKDA: an AllergyIntolerance that records the absence.
  const nka = /\b(?:no known (drug |medication )?allergies|nkda|nka)\b/i.exec(text);
  if (nka) {
    const drug = Boolean(nka[1]) || /nkda/i.test(nka[0]);
    const span = { start: nka.index, end: nka.index + nka[0].length };
    mentions.push({
      start: span.start, end: span.end, text: nka[0], region: span, dates: [], quantities: [], pressures: [], reasons: [],
      type: 'AllergyIntolerance',
      concept: drug
        ? { system: 'http://snomed.info/sct', code: '409137002', display: 'No known drug allergy', synonyms: [] }
        : { system: 'http://snomed.info/sct', code: '716186003', display: 'No known allergy', synonyms: [] },
      none: drug ? 'drug' : 'all',
    });
  }

  // Encounters are named by words, not codes.
  ENCOUNTER_WORDS.lastIndex = 0;
  for (let m = ENCOUNTER_WORDS.exec(text); m; m = ENCOUNTER_WORDS.exec(text)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (mentions.some((x) => x.type === 'Encounter')) break;
    const sentenceStart = Math.max(lower.lastIndexOf('.', span.start - 1), lower.lastIndexOf(';', span.start - 1)) + 1;
    const sentenceEnd = (() => {
      const e = lower.slice(span.end).search(/[.;]/);
      return e < 0 ? lower.length : span.end + e;
    })();
    const cls = encounterClass(lower.slice(sentenceStart, sentenceEnd));
    mentions.push({ ...span, text: m[0], region: span, dates: [], quantities: [], pressures: [], reasons: [], type: 'Encounter', encounterClass: cls });
  }
  mentions.sort((a, b) => a.start - b.start);

  // A condition after "for" / "due to" that follows an order, prescription, procedure or visit is its reason.
  for (let i = 1; i < mentions.length; i++) {
    const m = mentions[i]!;
    if (m.type !== 'Condition') continue;
    const prev = mentions[i - 1]!;
    const between = lower.slice(prev.end, m.start);
    if (/[.;]/.test(between)) continue;
    if (!['MedicationRequest', 'ServiceRequest', 'Procedure', 'Encounter', 'Immunization'].includes(prev.type)) continue;
    if (!REASON_BEFORE.test(lower.slice(Math.max(prev.end, m.start - 25), m.start))) continue;
    prev.reasons.push(m.concept);
    prev.region.end = Math.max(prev.region.end, m.end);
    mentions.splice(i, 1);
    i--;
  }

  // Generic words that ask for a resource without naming what is in it.
  const generic: Array<[RegExp, ResourceTypeName, string]> = [
    [/\b(?:observation|vital signs?|vitals|lab result|lab value|measurement)\b/i, 'Observation', 'what was observed and its value (e.g. "heart rate 72", "blood pressure 120/80", "glucose 110 mg/dL")'],
    [/\b(?:condition|diagnosis|diagnosed|problem list|problem)\b/i, 'Condition', 'which condition, one the offline tables know (e.g. asthma, hypertension, type 2 diabetes)'],
    [/\b(?:prescription|prescribe|prescribed|medication request|medication|rx)\b/i, 'MedicationRequest', 'which medication, one the offline tables know (e.g. lisinopril, metformin, albuterol)'],
    [/\b(?:immunization|immunisation|vaccine|vaccination|vaccinated|shot|jab)\b/i, 'Immunization', 'which vaccine (e.g. flu shot, Tdap, COVID-19 vaccine)'],
    [/\b(?:allerg(?:y|ies|ic)|intolerance|intolerant)\b/i, 'AllergyIntolerance', 'what the allergy is to, one the offline tables know (e.g. penicillin, peanuts, latex)'],
    [/\b(?:procedure|surgery|operation|underwent)\b/i, 'Procedure', 'which procedure (e.g. appendectomy, colonoscopy, knee replacement)'],
    [/\b(?:diagnostic report|lab report|report)\b/i, 'DiagnosticReport', 'which test the report is for (e.g. CBC, lipid panel, basic metabolic panel)'],
    [/\b(?:service request|order|referral|refer)\b/i, 'ServiceRequest', 'what is ordered (e.g. a CBC, a chest X-ray, an echocardiogram)'],
  ];
  for (const [re, type, missing] of generic) {
    const m = re.exec(text);
    if (m && !mentions.some((x) => x.type === type) && !(type === 'Observation' && mentions.some((x) => x.type === 'DiagnosticReport'))) {
      // "order" is also said of prescriptions; "report" of results given as observations.
      if (type === 'ServiceRequest' && mentions.some((x) => x.type === 'MedicationRequest' || x.type === 'Immunization')) continue;
      if (type === 'DiagnosticReport' && mentions.some((x) => x.type === 'Observation')) continue;
      if (type === 'Condition' && m[0].toLowerCase() === 'diagnosed' && mentions.length) continue;
      if (type === 'MedicationRequest' && mentions.some((x) => x.type === 'AllergyIntolerance')) continue;
      wanted.push({ type, missing, at: m.index });
    }
  }

  // Hand values to the mentions: each region runs to the next mention.
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i]!;
    const next = mentions[i + 1];
    m.region = { start: m.start, end: Math.max(m.region.end, next ? next.start : text.length) };
  }
  assignValues(mentions, pressures, quantities);
  assignDates(mentions, dates);

  // Who the resources are: the patient, practitioners, organizations.
  const clinical = mentions.length > 0 || wanted.some((w) => !['Patient', 'Practitioner', 'Organization'].includes(w.type));
  const patientNames = names.filter((n) => n.role === 'patient');
  const practitionerNames = names.filter((n) => n.role === 'practitioner');
  const unknownNames = names.filter((n) => n.role === 'unknown');
  const practitionerWord = /\b(?:practitioner|physician|doctor|nurse|provider|clinician|surgeon|dr\.?)\b/i.test(text);
  const organizationWord = /\b(?:organization|organisation)\b/i.test(text);
  const patientWord = /\b(?:patient|pt)\b/i.test(text);
  const demographics = Boolean(gender) || dates.some((d) => d.role === 'birth') || mrns.length > 0;

  let wantsPractitioner = practitionerNames.length > 0 || (!clinical && practitionerWord && (npis.length > 0 || unknownNames.length > 0));
  let wantsOrganization = (organizationWord || !clinical) && organizations.length > 0 && !(!organizationWord && (patientNames.length > 0 || wantsPractitioner));
  if (clinical && organizations.length > 0 && mentions.some((m) => m.type === 'Encounter')) wantsOrganization = true;
  if (!clinical && !wantsOrganization && organizationWord) wanted.push({ type: 'Organization', missing: 'the organization\'s name (e.g. "organization named Acme Health")', at: 0 });
  // A name with no role: the patient in a patient request, else the practitioner the request is about.
  for (const n of unknownNames) {
    if (!clinical && practitionerWord && !patientWord) {
      n.role = 'practitioner';
      wantsPractitioner = true;
    } else n.role = 'patient';
  }
  const wantsPatient =
    names.some((n) => n.role === 'patient') ||
    (!clinical && !wantsPractitioner && !wantsOrganization && (patientWord || demographics)) ||
    (!clinical && /\b(?:new|create|add|register)\s+(?:a\s+)?patient\b/i.test(text));
  if (!clinical && practitionerWord && !wantsPractitioner && !wantsPatient && !wantsOrganization) {
    wanted.push({ type: 'Practitioner', missing: 'the practitioner\'s name or NPI (e.g. "Dr. Alice Wong, NPI 1234567893")', at: 0 });
  }
  if (!clinical && !wantsPractitioner && npis.length > 0 && !wantsPatient && !wantsOrganization) {
    wantsPractitioner = true;
  }

  return {
    text, now, subject, mrns, npis, names, gender, contacts, organizations, dates, mentions, wanted,
    wantsPatient, wantsPractitioner, wantsOrganization, problems, notes,
  };
}

/** Units a mention can take a value in: null = takes no quantity. */
function acceptsUnit(m: Mention, q: FoundQuantity): boolean {
  if (m.type === 'Observation') {
    const spec = m.concept.value;
    if (spec.kind !== 'quantity') return false;
    if (!q.unit) return true;
    return spec.units.some((u) => u.ucum === q.unit!.code);
  }
  if (m.type === 'MedicationRequest') {
    return q.unit !== undefined && !['mm[Hg]', '[degF]', 'Cel', '/min', '%', 'kg/m2', 'cm', '[in_i]', 'm', '[lb_av]', 'kg'].includes(q.unit.code);
  }
  return false;
}

/**
 * Gives each number to the mention it belongs to: the nearest one before it that can take it
 * ("weight 70 kg, height 170 cm"), else the nearest after it ("70 kg body weight"), each mention
 * taking one value (medications: a strength and a dose).
 */
function assignValues(mentions: Mention[], pressures: FoundBloodPressure[], quantities: FoundQuantity[]): void {
  const cost = (m: Span, v: Span) => (v.start >= m.end ? v.start - m.end : (m.start - v.end) * 3 + 5);
  for (const p of pressures) {
    const targets = mentions.filter((m) => m.type === 'Observation' && m.concept.value.kind === 'blood-pressure' && m.pressures.length === 0);
    const best = targets.sort((a, b) => cost(a, p) - cost(b, p))[0];
    if (best && cost(best, p) < 60) best.pressures.push(p);
  }
  for (const q of quantities) {
    const targets = mentions.filter((m) => acceptsUnit(m, q) && (m.type === 'MedicationRequest' ? m.quantities.length < 2 : m.quantities.length === 0));
    const best = targets.sort((a, b) => cost(a, q) - cost(b, q))[0];
    // A number far from any mention ("patient 42") is nobody's value.
    if (best && cost(best, q) < (q.unit ? 60 : 25)) best.quantities.push(q);
  }
}

/**
 * Dates go to the mention whose region holds them; a date before every mention ("Yesterday, ...")
 * and a mention with no date of its own share the request's first event date: one request
 * usually describes one moment.
 */
function assignDates(mentions: Mention[], dates: FoundDate[]): void {
  for (const d of dates) {
    if (d.role === 'birth') continue;
    const owner = mentions.find((m) => d.start >= m.region.start && d.start < m.region.end);
    if (owner) owner.dates.push(d);
  }
  const shared = dates.find((d) => d.role === 'event');
  if (!shared) return;
  for (const m of mentions) {
    if (m.type === 'Condition') {
      if (!m.dates.length && shared.start < (mentions[0]?.start ?? 0)) m.dates.push(shared);
      continue;
    }
    if (!m.dates.some((d) => d.role === 'event' || d.role === 'start')) m.dates.push(shared);
  }
}
