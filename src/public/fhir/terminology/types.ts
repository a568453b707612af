/**
 * One concept of a shipped table: the code as the code system publishes it, a display, and the words
 * people use for it in a request (lower case; matched on word boundaries, longest first).
 */
export interface Concept {
  system: string;
  code: string;
  display: string;
  synonyms: readonly string[];
}
