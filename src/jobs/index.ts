// Scheduled jobs (issue 5 builds them out). startJobs returns a stop function.
import type { Core } from '../services/core.ts';
import type { Logger } from '../log.ts';

export type JobsOptions = { log: Logger; catchupDays: number; onEnqueued?: () => void };

export async function startJobs(_core: Core, _o: JobsOptions): Promise<() => Promise<void>> {
  return async () => {};
}

export async function runDueJobs(_core: Core, _now: Date): Promise<string> {
  return '定时任务尚未配置 / no scheduled jobs yet';
}
