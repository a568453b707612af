import { seedIfEmpty } from '../../local/seed';
import { definesIn, definitionOf } from '../../src/backend/services/assistant/definitions';
import { composeExtractiveAnswer } from '../../src/backend/services/assistant/extractive';
import { getSiteIndex } from '../../src/backend/services/assistant/retrieval';
import { createTestPorts } from '../helpers/test-ports';

/** "What is X?" questions: the passage and the sentence that define X come first. */

describe('definitionOf', () => {
  it.each([
    ['What is FHIR?', 'FHIR (Fast Healthcare Interoperability Resources, pronounced "fire") is the HL7 standard for exchanging healthcare information.'],
    ["what's a value set", 'A value set is a list of codes from one or more code systems.'],
    ['What are extensions?', 'Extensions are how FHIR carries data the base resources do not define.'],
    ['So what is US Core', 'The US Core means the US Core implementation guide.'],
  ])('%j is a question for a definition, and this sentence gives one', (question, sentence) => {
    const defines = definitionOf(question);
    expect(defines).not.toBeNull();
    expect(defines!(sentence)).toBe(true);
  });

  it('does not take a sentence that only starts with the subject for a definition', () => {
    const defines = definitionOf('What is FHIR?')!;
    expect(defines('FHIR Builder AI Free is free.')).toBe(false);
    expect(defines('Everything exchanged in FHIR is a resource.')).toBe(false);
  });

  it('is null for questions that do not ask what something is', () => {
    for (const question of ['How much does the scanner cost?', 'What does FHIR Builder AI do?', 'Is FHIR free?', 'Tell me about the scanner']) {
      expect(definitionOf(question)).toBeNull();
    }
  });

  it('finds the defining sentence anywhere in a passage, line or sentence', () => {
    const defines = definitionOf('What is FHIR?')!;
    expect(definesIn('HL7 FHIR in a page.\nSome intro. FHIR (Fast Healthcare Interoperability Resources) is the HL7 standard.', defines)).toBe(true);
    expect(definesIn('FHIR IQ makes FHIR R4 tools. Build it, check it, prove it.', defines)).toBe(false);
  });
});

describe('on the site content', () => {
  it('"What is FHIR?" finds the page that defines FHIR first, and the offline answer starts with the definition', async () => {
    const ports = createTestPorts();
    await seedIfEmpty(ports.data);
    const hits = (await getSiteIndex(ports)).search('What is FHIR?', { limit: 5 });
    expect(hits[0]!.url).toBe('/docs?page=what-is-fhir');
    const answer = composeExtractiveAnswer({ question: 'What is FHIR?', history: [], passages: hits });
    expect(answer.usedPassageIds[0]).toBe(hits[0]!.id);
    // The definition opens the answer (not the page's summary line before it), and the next sentence follows.
    expect(answer.answer).toMatch(/^From What is FHIR\?: FHIR \(Fast Healthcare Interoperability Resources[^)]*\) is the HL7 standard for exchanging healthcare information electronically\. It describes/);
  });
});
