import { createWixPorts } from './adapters/wix-ports';
import type { Ports } from './ports';

/**
 * The composition root. Entry points (web methods, http functions, hooks, jobs) ask for the ports
 * here and hand them to services. On Wix nothing calls `usePorts`, so the first `ports()` builds the
 * Wix adapters; the local runtime and tests call `usePorts` first with their own adapters.
 * (Importing the Wix adapters is side-effect free: they only call Wix when used.)
 */
let current: Ports | undefined;

export function usePorts(ports: Ports): void {
  current = ports;
}

export function ports(): Ports {
  current ??= createWixPorts();
  return current;
}
