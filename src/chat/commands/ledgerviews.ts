import type { Group } from './group.ts';

export const ledgerviews: Group = { commands: [], forms: [], actions: [] };
