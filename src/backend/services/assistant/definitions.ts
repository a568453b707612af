/**
 * "What is FHIR?", "what are value sets": a question for a definition. Its words alone (often one
 * word that every passage has) cannot tell a definition from a passage that merely uses the term,
 * so retrieval ranks passages that define the subject higher, and the offline composer prefers the
 * defining sentence ("FHIR (Fast Healthcare ...) is the HL7 standard ...", "A value set is ...").
 */

/** A test for a sentence that defines the subject of a "what is X?" question, or null for other questions. */
export function definitionOf(question: string): ((sentence: string) => boolean) | null {
  const asked = /^\s*(?:so\s+)?(?:what|who)\s*(?:is|are|'s)\s+(?:an?\s+|the\s+)?(.{2,60}?)\s*\??\s*$/i.exec(question);
  if (!asked) return null;
  const subject = asked[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The subject first (after an article; an expansion in brackets may follow it), then "is"/"are":
  // "FHIR (Fast Healthcare ...) is", but not "FHIR Builder AI Free is free".
  const defining = new RegExp(`^(?:an?\\s+|the\\s+)?${subject}s?(?:\\s*\\([^)]{1,100}\\))?,?\\s+(?:is|are|means|stands for)\\s`, 'i');
  return (sentence) => defining.test(sentence);
}

/** Whether any sentence or line of a passage's text defines the subject. */
export function definesIn(text: string, defines: (sentence: string) => boolean): boolean {
  return text.split(/\n+|(?<=[.!?])\s+/).some((sentence) => defines(sentence.trim()));
}
