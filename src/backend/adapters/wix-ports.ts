import { systemClock } from '../ports/clock';
import type { Ports } from '../ports';
import { createWixDataPort } from './wix-data';
import { elevatedItems } from './wix-elevated-items';
import { createWixMembersPort } from './wix-members';

/** The production ports: Wix Data (elevated: see wix-elevated-items), Wix Members and the system clock. */
export function createWixPorts(): Ports {
  return {
    data: createWixDataPort(elevatedItems()),
    members: createWixMembersPort(),
    clock: systemClock,
  };
}
