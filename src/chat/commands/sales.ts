import type { Group } from './group.ts';

export const sales: Group = { commands: [], forms: [], actions: [] };
