// The Slack stand-in in its own process (Slack is another machine, not the load generator).
// Prints "READY <url>"; on SIGINT prints "CALLS <json counts per method>" and exits.
import { startSlackStandIn } from '../test/support/slack.ts';

const slack = await startSlackStandIn();
process.stdout.write(`READY ${slack.url}\n`);
process.on('SIGINT', () => {
  const counts: Record<string, number> = {};
  for (const c of slack.calls) counts[c.method] = (counts[c.method] ?? 0) + 1;
  process.stdout.write(`CALLS ${JSON.stringify(counts)}\n`, () => process.exit(0));
});
