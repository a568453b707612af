/** The terminology tables that ship with the project, for the builder and anyone else. */
export * from './systems';
export type { Concept } from './types';
export { findConcepts, type ConceptMatch } from './match';
export { OBSERVATIONS, VITAL_SIGNS, LABS, SOCIAL_HISTORY, LAB_PANELS, BLOOD_PRESSURE_COMPONENTS } from './loinc';
export type { ObservationConcept, PanelConcept, UnitOption, ObservationValueSpec } from './loinc';
export { CONDITIONS, type ConditionConcept } from './conditions';
export { MEDICATIONS } from './rxnorm';
export { VACCINES } from './cvx';
export { ALLERGENS, REACTIONS, type AllergenConcept } from './allergies';
export { PROCEDURES, type ProcedureConcept } from './procedures';
export { SYMPTOMS, ROUTES } from './findings';
