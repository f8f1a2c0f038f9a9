import type { ActionHandler, CommandSpec, FormHandler } from '../types.ts';

/** A feature's chat surface: its commands, forms (modals) and buttons. */
export type Group = { commands: CommandSpec<any>[]; forms: FormHandler[]; actions: ActionHandler[] };
