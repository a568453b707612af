/**
 * Data-quality checks that validators lack (Kahn's completeness and plausibility, code checks,
 * dataset checks), each a CheckDefinition tallied per applicable record.
 */
export { createQualityChecker, type QualityChecker, type QualityCheckerOptions } from './checker';
export { createDatasetIndex, type DatasetIndex } from './dataset';
export { CHECKS as QUALITY_CHECK_DEFINITIONS, QUALITY_CHECKS } from './definitions';
