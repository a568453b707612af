import type { Config } from 'jest';

// Velo-style absolute imports (backend/..., public/...) and the Velo built-ins the local runtime
// provides resolve here exactly as tsconfig's "paths" resolve them for tsc and tsx.
const moduleNameMapper = {
  '^backend/(.*)$': '<rootDir>/src/backend/$1',
  '^public/(.*)$': '<rootDir>/src/public/$1',
  '^wix-http-functions$': '<rootDir>/local/velo/wix-http-functions.ts',
  '^wix-location-frontend$': '<rootDir>/local/velo/wix-location-frontend.ts',
  '^wix-storage-frontend$': '<rootDir>/local/velo/wix-storage-frontend.ts',
};

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper,
  // Type checking is `tsc --noEmit` (part of `npm test`); with tsconfig's isolatedModules ts-jest only
  // transpiles, which is much faster.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 30_000,
};

export default config;
