import { systemClock } from '../ports/clock';
import type { Ports } from '../ports';
import { createWixDataPort } from './wix-data';
import { createWixMembersPort } from './wix-members';

/** The production ports: Wix Data, Wix Members and the system clock. */
export function createWixPorts(): Ports {
  return {
    data: createWixDataPort(),
    members: createWixMembersPort(),
    clock: systemClock,
  };
}
