/** Loaders of the generated compact models (each parsed once, on first use). */
export { structureModel } from '../generated/structure-model';
export { valueSetModel } from '../generated/value-sets';
export { usCoreModel } from '../generated/us-core';
export { extensionModel } from '../generated/extensions';
export type * from './types';
