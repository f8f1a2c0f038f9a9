// The routing table: every feature's commands, forms and buttons, in one place.
import type { Group } from './group.ts';
import { daily } from './daily.ts';
import { general } from './general.ts';
import { attendance } from './attendance.ts';
import { sales } from './sales.ts';
import { ledgerviews } from './ledgerviews.ts';
import { quotas } from './quota.ts';

const groups: Group[] = [daily, attendance, sales, quotas, ledgerviews, general];

export const registry: Group = {
  commands: groups.flatMap((g) => g.commands),
  forms: groups.flatMap((g) => g.forms),
  actions: groups.flatMap((g) => g.actions),
};
