import type { AllergyIntolerance, AllergyIntoleranceReaction } from 'fhir/r4';
import { REACTIONS } from '../../terminology/allergies';
import { findConcepts } from '../../terminology/match';
import { ALLERGY_CLINICAL, ALLERGY_VERIFICATION } from '../../terminology/systems';
import type { Mention } from '../analyze';
import { narrative } from '../narrative';
import { codeable, describeDate, hl7, leadText, missing, regionText, requirePatient, WHICH_PATIENT, type BuildContext, type Built } from './common';

type AllergyMention = Extract<Mention, { type: 'AllergyIntolerance' }>;

/**
 * An AllergyIntolerance: the substance (SNOMED CT, or the RxNorm ingredient of a drug), statuses,
 * and the reaction and criticality only where the request says them ("causes hives", "severe",
 * "high criticality"). "No known allergies" is recorded with its SNOMED CT situation code.
 */
export function buildAllergyIntolerance(m: AllergyMention, ctx: BuildContext): Built<AllergyIntolerance> {
  const patient = requirePatient(ctx);
  if (!patient) return missing(WHICH_PATIENT);
  const region = regionText(ctx, m);
  const words = `${leadText(ctx, m)} ${region}`.toLowerCase();
  const name = m.concept.display;

  let clinical: 'active' | 'inactive' | 'resolved' = 'active';
  if (/\b(?:resolved|outgrown|outgrew|no longer allergic)\b/.test(words)) clinical = 'resolved';
  else if (/\binactive\b/.test(words)) clinical = 'inactive';
  let verification: 'confirmed' | 'unconfirmed' | 'refuted' = 'confirmed';
  if (/\b(?:suspected|possible|probable|unconfirmed|reported|may be allergic|might be allergic)\b/.test(words)) verification = 'unconfirmed';
  else if (/\b(?:refuted|ruled out|not allergic)\b/.test(words)) verification = 'refuted';

  const allergy: AllergyIntolerance = {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: hl7(ALLERGY_CLINICAL, clinical, clinical[0]!.toUpperCase() + clinical.slice(1)),
    verificationStatus: hl7(ALLERGY_VERIFICATION, verification, verification[0]!.toUpperCase() + verification.slice(1)),
    patient,
  };
  if (!m.none) {
    if (/\bintoleran(?:t|ce)\b/.test(words)) allergy.type = 'intolerance';
    else if (/\ballerg(?:y|ic|ies)\b/.test(words)) allergy.type = 'allergy';
    if (m.category) allergy.category = [m.category];
    if (/\b(?:high criticality|high risk|life[- ]threatening|severe(?:ly)? allergic|severe allergy)\b/.test(words)) allergy.criticality = 'high';
    else if (/\b(?:low criticality|low risk|mild(?:ly)? allergic|mild allergy)\b/.test(words)) allergy.criticality = 'low';
  }
  allergy.code = codeable([m.concept], name);
  // Patient after the code, as the spec orders the elements.
  delete (allergy as Partial<AllergyIntolerance>).patient;
  allergy.patient = patient;
  const onset = m.dates.find((d) => d.role === 'onset');
  if (onset) allergy.onsetDateTime = onset.value;
  if (ctx.practitioner) allergy.recorder = { ...ctx.practitioner };

  // Reactions: the findings named after the substance (this allergy's part of the request).
  const after = region.slice(m.end - m.region.start);
  const manifestations = m.none ? [] : findConcepts(after, REACTIONS);
  if (manifestations.length) {
    const reaction: AllergyIntoleranceReaction = { manifestation: manifestations.map((r) => codeable([r.concept], r.concept.display)) };
    const severity = /\b(severe|moderate|mild)\b/.exec(after.toLowerCase());
    if (severity) reaction.severity = severity[1] as AllergyIntoleranceReaction['severity'];
    allergy.reaction = [reaction];
  }
  ctx.notes.push(`${name}: clinical status ${clinical}, verification status ${verification}`);

  const reactionText = allergy.reaction?.[0]?.manifestation.map((x) => x.text).join(', ');
  ctx.understood.push(`AllergyIntolerance: ${name} (${m.concept.system.includes('rxnorm') ? 'RxNorm' : 'SNOMED CT'} ${m.concept.code})${reactionText ? `, reaction: ${reactionText}` : ''}${allergy.criticality ? `, criticality ${allergy.criticality}` : ''}`);
  if (onset) ctx.understood.push(`${name} onset: ${describeDate(onset)}`);
  const summary = m.none ? name : `Allergy to ${name}${reactionText ? ` (${reactionText})` : ''}`;
  const { resourceType, ...rest } = allergy;
  return { ok: true, resource: { resourceType, text: narrative([summary, `Patient: ${patient.display ?? patient.reference ?? ''}`, allergy.criticality ? `Criticality: ${allergy.criticality}` : undefined]), ...rest }, summary };
}
