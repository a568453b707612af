/**
 * "Open in Scanner": the FHIR Builder AI page keeps the built resource in the visitor's session
 * storage under this key and goes to the scanner page, whose code takes it out (once) and gives it
 * to <fhir-scanner> as its `initial-text` attribute. Both pages import the names from here.
 */
export const SCANNER_HANDOFF_KEY = 'fhiriq.scanner.handoff';

/** The scanner page's path (as wix-location-frontend's `to()` takes it). */
export const SCANNER_PAGE_PATH = '/data-quality-scanner';
