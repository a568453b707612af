import type { Condition } from 'fhir/r4';
import { ICD10CM, SNOMED, CONDITION_CATEGORY, CONDITION_CLINICAL, CONDITION_VERIFICATION } from '../../terminology/systems';
import type { Mention } from '../analyze';
import { narrative } from '../narrative';
import { codeable, describeDate, hl7, leadText, missing, regionText, requirePatient, WHICH_PATIENT, type BuildContext, type Built } from './common';

type ConditionMention = Extract<Mention, { type: 'Condition' }>;

const CLINICAL = { active: 'Active', recurrence: 'Recurrence', relapse: 'Relapse', inactive: 'Inactive', remission: 'Remission', resolved: 'Resolved' } as const;
const VERIFICATION = { unconfirmed: 'Unconfirmed', provisional: 'Provisional', differential: 'Differential', confirmed: 'Confirmed', refuted: 'Refuted' } as const;

/**
 * A Condition with SNOMED CT and ICD-10-CM codes. Clinical and verification status come from the
 * words around it ("resolved", "in remission", "suspected", "rule out"); when none are said the
 * condition is taken as active and confirmed, and the notes say so.
 */
export function buildCondition(m: ConditionMention, ctx: BuildContext): Built<Condition> {
  const subject = requirePatient(ctx);
  if (!subject) return missing(WHICH_PATIENT);
  const words = `${leadText(ctx, m)} ${regionText(ctx, m)}`.toLowerCase();
  const onset = m.dates.find((d) => d.role === 'onset' || d.role === 'event' || d.role === 'start');
  const abatement = m.dates.find((d) => d.role === 'end');

  let clinical: keyof typeof CLINICAL = 'active';
  if (/\bin remission\b|\bremission\b/.test(words)) clinical = 'remission';
  else if (/\b(?:resolved|cured|healed|no longer|went away)\b/.test(words) || abatement) clinical = 'resolved';
  else if (/\binactive\b/.test(words)) clinical = 'inactive';
  else if (/\b(?:recurrence|recurrent|came back)\b/.test(words)) clinical = 'recurrence';
  else if (/\brelapse[ds]?\b/.test(words)) clinical = 'relapse';
  else ctx.notes.push(`${m.concept.display}: clinical status set to active`);

  let verification: keyof typeof VERIFICATION = 'confirmed';
  if (/\b(?:ruled out|refuted|excluded)\b/.test(words)) verification = 'refuted';
  else if (/\b(?:differential)\b/.test(words)) verification = 'differential';
  else if (/\b(?:suspected|possible|probable|likely|presumed|presumptive|query|provisional|rule out|r\/o|working diagnosis)\b/.test(words)) verification = 'provisional';
  else if (/\bunconfirmed\b/.test(words)) verification = 'unconfirmed';
  else if (!/\b(?:confirmed|diagnosed|diagnosis)\b/.test(words)) ctx.notes.push(`${m.concept.display}: verification status set to confirmed`);

  const encounterDiagnosis = Boolean(ctx.encounter);
  const condition: Condition = {
    resourceType: 'Condition',
    clinicalStatus: hl7(CONDITION_CLINICAL, clinical, CLINICAL[clinical]),
    verificationStatus: hl7(CONDITION_VERIFICATION, verification, VERIFICATION[verification]),
    category: [
      encounterDiagnosis
        ? hl7(CONDITION_CATEGORY, 'encounter-diagnosis', 'Encounter Diagnosis')
        : hl7(CONDITION_CATEGORY, 'problem-list-item', 'Problem List Item'),
    ],
    code: codeable([{ system: SNOMED, code: m.concept.code, display: m.concept.display }, { system: ICD10CM, ...m.concept.icd10cm }], m.concept.display),
    subject,
  };
  if (ctx.encounter) condition.encounter = { ...ctx.encounter };
  else ctx.notes.push(`${m.concept.display}: category set to problem-list-item`);
  if (onset) condition.onsetDateTime = onset.value;
  if (abatement) condition.abatementDateTime = abatement.value;
  if (ctx.practitioner) condition.asserter = { ...ctx.practitioner };

  ctx.understood.push(`Condition: ${m.concept.display} (SNOMED CT ${m.concept.code}, ICD-10-CM ${m.concept.icd10cm.code}), ${clinical}, ${verification}`);
  if (onset) ctx.understood.push(`${m.concept.display} onset: ${describeDate(onset)}`);
  if (abatement) ctx.understood.push(`${m.concept.display} resolved: ${describeDate(abatement)}`);
  const summary = `${m.concept.display} (${clinical}, ${verification})`;
  condition.text = narrative([`Condition: ${summary}`, `Patient: ${subject.display ?? subject.reference ?? ''}`, onset ? `Onset: ${onset.value}` : undefined, abatement ? `Abatement: ${abatement.value}` : undefined]);
  return { ok: true, resource: withTextFirst(condition), summary };
}

function withTextFirst(c: Condition): Condition {
  const { resourceType, text, ...rest } = c;
  return { resourceType, text, ...rest };
}
