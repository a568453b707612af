/**
 * Questions that ask for medical advice about a person ("should I stop taking metformin?", "is my
 * cholesterol of 240 too high?"). The assistant answers about FHIR data and tools; quoting a page
 * about blood-pressure Observations to someone worried about their blood pressure would read as
 * advice. Such a question gets a plain "we do not give medical advice, ask a clinician" instead,
 * from the offline engine, and the OpenAI engine's instructions say the same (rule 7).
 *
 * A question counts only when it has all three: a person (I, my, we, our child...), a health
 * subject (a symptom, a condition, a medicine, a dose, a lab value) and a request for a decision or
 * a judgement (should I, is it safe, is it normal, too high, what do I do). Any word of FHIR or data
 * work ("how do I record a dose in FHIR", "my Observation has blood pressure 180/110, is it valid?")
 * makes it a FHIR question, which is what the site is for.
 */

const PERSON = /\b(i|i'm|im|i've|ive|i'd|me|my|myself|we|our|us)\b/i;

const HEALTH =
  /\b(pain|pains|painful|ache|aches|aching|hurts?|fever|cough(ing)?|rash|dizzy|dizziness|nausea|nauseous|vomit(ing)?|bleed(ing)?|swollen|swelling|symptoms?|sick|ill|illness|disease|diagnos(e|ed|is)|treat(ment)?|cure|medicine|medication|meds|pills?|tablets?|drugs?|doses?|dosage|mg|prescri(bed|ption)|side[- ]effects?|overdose|pregnan(t|cy)|cancer|tumou?r|diabet(es|ic)|insulin|blood pressure|cholesterol|blood sugar|glucose|heart attack|stroke|infection|infected|antibiotics?|ibuprofen|paracetamol|acetaminophen|aspirin|metformin|statins?|covid|flu|vaccines?|vaccinat(e|ed|ion)|allerg(y|ies|ic)|asthma|depress(ed|ion)|anxiety|surgery|lab results?|test results?|a1c|hba1c|weight loss|heart rate|pulse)\b/i;

const DECISION =
  /\b(should|shall|can|could|may|must|ought)\s+(i|we|my|our|he|she|they)\b|\b(is|are)\s+(it|this|that|these|those|my|our)\b[^.?!]{0,40}\b(safe|ok|okay|normal|bad|serious|dangerous|high|low|worrying|fine)\b|\btoo\s+(high|low|much|many|fast|slow)\b|\bwhat\s+(should|do|can)\s+(i|we)\s+(do|take|give)\b|\bdo\s+(i|we)\s+need\b|\bhow\s+(much|many|often)\b[^.?!]{0,40}\b(take|give|have)\b|\bsafe\s+to\b|\bworried\b|\bam\s+i\b/i;

const FHIR_OR_DATA =
  /\b(fhir|hl7|resources?|json|xml|ndjson|api|apis|server|endpoint|bundle|observation|condition|medicationrequest|medicationstatement|immunization|patient resource|loinc|snomed|rxnorm|icd|icd-10|cvx|ucum|value ?sets?|code ?systems?|codes?|coding|profiles?|extensions?|elements?|scanner|builder|tester|testing suite|map|mapping|encode|record|records|represent|model|fields?|ehr|emr|data|dataset|schema|validat\w*|quality)\b/i;

export function asksForMedicalAdvice(question: string): boolean {
  return PERSON.test(question) && HEALTH.test(question) && DECISION.test(question) && !FHIR_OR_DATA.test(question);
}

export const MEDICAL_ADVICE_TEXT =
  "I can't give medical advice: this site is about FHIR data and tools, not anyone's health. " +
  'For a question about your health or someone else’s, please ask a doctor, pharmacist or nurse; in an emergency, call your local emergency number.';
