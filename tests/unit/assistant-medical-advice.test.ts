import { seedIfEmpty } from '../../local/seed';
import { askAssistant } from '../../src/backend/services/assistant/chat';
import { composeExtractiveAnswer } from '../../src/backend/services/assistant/extractive';
import { asksForMedicalAdvice, MEDICAL_ADVICE_TEXT } from '../../src/backend/services/assistant/medical-advice';
import { RETRIEVAL_QUESTIONS } from '../fixtures/assistant/questions';
import { createTestPorts } from '../helpers/test-ports';

/** Medical advice is declined plainly; questions about FHIR data on health topics are not. */

const ADVICE = [
  'What dose of ibuprofen should I give my 4 year old?',
  'I have chest pain, what should I do?',
  'Is my cholesterol of 240 too high?',
  'Should I stop taking metformin?',
  'my blood pressure is 160/100, is that dangerous?',
  'Can I take aspirin with my statins?',
  'Is it safe to take paracetamol when pregnant? I am 20 weeks.',
  'My son has a fever of 39, do we need to see a doctor?',
  'how many mg of insulin should I inject',
  'Am I diabetic if my HbA1c is 6.8?',
];

const NOT_ADVICE = [
  'How do I record a dose of ibuprofen in FHIR?',
  'My Observation has blood pressure 180/110, is it valid?',
  'Should I use the scanner for my lab results export?',
  'Which LOINC code should I use for cholesterol?',
  'Can the builder make a MedicationRequest for metformin 500 mg twice a day?',
  'I have a Bundle of Condition resources for diabetes: does the scanner check ICD-10 codes?',
  'What does the Data Quality Scanner check?',
  'Is my server too slow for the API Testing Suite?',
  'I am a nurse: how can FHIR IQ help my team?',
  'How much does the Pro plan cost?',
];

describe('asksForMedicalAdvice', () => {
  it.each(ADVICE)('is advice: %j', (question) => {
    expect(asksForMedicalAdvice(question)).toBe(true);
  });
  it.each(NOT_ADVICE)('is a FHIR or site question: %j', (question) => {
    expect(asksForMedicalAdvice(question)).toBe(false);
  });
  it('never fires on the questions the site answers (the retrieval question set)', () => {
    expect(RETRIEVAL_QUESTIONS.filter(({ question }) => asksForMedicalAdvice(question)).map((q) => q.question)).toEqual([]);
  });
});

describe('the offline answer to a request for medical advice', () => {
  it('declines plainly, quotes and cites nothing, even when a passage shares its words', () => {
    const passages = [
      { id: 'bp', title: 'Blood pressure in FHIR', url: '/docs?page=vitals', text: 'A blood pressure of 160/100 is recorded as an Observation with LOINC 85354-9 and two components.' },
    ];
    const answer = composeExtractiveAnswer({ question: 'my blood pressure is 160/100, is that dangerous?', history: [], passages });
    expect(answer).toEqual({ answer: MEDICAL_ADVICE_TEXT, usedPassageIds: [], noAnswer: true, why: 'medical' });
  });

  it('through the chat service: no citations, and no offer of a call with a FHIR engineer', async () => {
    const ports = createTestPorts();
    await seedIfEmpty(ports.data);
    const outcome = await askAssistant(ports, { message: 'Should I stop taking metformin?' }, { ip: '192.0.2.1' });
    if (!outcome.ok) throw new Error(`refused: ${outcome.status}`);
    expect(outcome.reply).toMatchObject({ answer: MEDICAL_ADVICE_TEXT, citations: [], engine: 'offline' });

    const fhir = await askAssistant(ports, { message: 'What does the Data Quality Scanner check?' }, { ip: '192.0.2.1' });
    if (!fhir.ok) throw new Error('refused');
    expect(fhir.reply.citations.length).toBeGreaterThan(0);
  });
});
