import type { SiteRole } from '../../src/backend/ports/members';
import { backendFile, listWebModules, loadBackendModule } from './backend-modules';

/**
 * The web methods of the backend folder: `<name>.web.ts` files whose exports were wrapped with
 * `webMethod(Permissions.X, fn)`, which tags the function with `permission`.
 */
export type Permission = 'Anyone' | 'SiteMember' | 'Admin';

export interface WebMethod {
  (...args: unknown[]): unknown;
  permission?: unknown;
}

export type Lookup =
  | { ok: true; method: WebMethod; permission: Permission }
  | { ok: false; reason: 'NO_MODULE' | 'NO_EXPORT' | 'NOT_WEB_METHOD' };

const ALLOWED: Record<Permission, readonly SiteRole[]> = {
  Anyone: ['visitor', 'member', 'admin'],
  SiteMember: ['member', 'admin'],
  Admin: ['admin'],
};

export function isPermission(value: unknown): value is Permission {
  return value === 'Anyone' || value === 'SiteMember' || value === 'Admin';
}

export function mayCall(permission: Permission, role: SiteRole): boolean {
  return ALLOWED[permission].includes(role);
}

export function createWebMethodRegistry(backendDir: string) {
  return {
    modules: () => listWebModules(backendDir),
    find(moduleName: string, exportName: string): Lookup {
      if (!listWebModules(backendDir).includes(moduleName)) return { ok: false, reason: 'NO_MODULE' };
      const file = backendFile(backendDir, moduleName);
      if (!file) return { ok: false, reason: 'NO_MODULE' };
      const mod = loadBackendModule(file);
      const value = Object.hasOwn(mod, exportName) ? mod[exportName] : undefined;
      if (typeof value !== 'function') return { ok: false, reason: 'NO_EXPORT' };
      const permission = (value as WebMethod).permission;
      // A plain function export is not callable from the browser on Wix either.
      if (!isPermission(permission)) return { ok: false, reason: 'NOT_WEB_METHOD' };
      return { ok: true, method: value as WebMethod, permission };
    },
  };
}

export type WebMethodRegistry = ReturnType<typeof createWebMethodRegistry>;
