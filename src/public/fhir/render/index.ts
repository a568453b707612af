/** The renderings of a ScanReport; pure functions, usable in the browser, the backend and the CLI. */
export { toJson, toJsonText, type JsonIssue, type JsonReport } from './json';
export { toOperationOutcome, ISSUE_LINE_EXTENSION, ISSUE_LOCATION_EXTENSION, type OperationOutcome, type OperationOutcomeIssue } from './outcome';
export { toText, type TextOptions } from './text';
export { toHtml, type HtmlOptions } from './html';
export { hasErrors, summaryLine } from './format';
