/** Velo built-in (no npm package): the subset of `wix-secrets-backend` the AI adapter uses (the Secrets Manager). */
declare module 'wix-secrets-backend' {
  /** The value of a secret by name; rejects when the site has no secret of that name. */
  export function getSecret(name: string): Promise<string>;
}
