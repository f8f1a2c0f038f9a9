import type { Group } from './group.ts';

export const attendance: Group = { commands: [], forms: [], actions: [] };
