// A small fair queue for slash-command work. Acks come first: while requests
// are still arriving (one came in the last `quietMs`), no new job starts, so
// the event loop keeps reading and acking requests during a burst; the work
// then runs one job per turn of the loop. No job waits more than `maxDeferMs`
// for a quiet moment, so a steady stream of requests cannot starve the work.
export type WorkQueue = {
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Jobs waiting or running. */
  size(): number;
  /** A request just arrived. */
  touch(): void;
};

export function createWorkQueue(concurrency: number, o: { quietMs?: number; maxDeferMs?: number } = {}): WorkQueue {
  const quietMs = o.quietMs ?? 15;
  const maxDeferMs = o.maxDeferMs ?? 1000;
  const waiting: (() => void)[] = [];
  const since: number[] = [];
  let active = 0;
  let lastArrival = 0;
  let timer: NodeJS.Timeout | null = null;
  const pump = () => {
    if (timer) return;
    const now = Date.now();
    const wait = Math.min(lastArrival + quietMs, (since[0] ?? now) + maxDeferMs) - now;
    if (wait > 0 && waiting.length) {
      timer = setTimeout(() => {
        timer = null;
        pump();
      }, wait);
      return;
    }
    while (active < concurrency && waiting.length) {
      active++;
      since.shift();
      setImmediate(waiting.shift()!);
    }
  };
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        since.push(Date.now());
        waiting.push(() => {
          fn()
            .then(resolve, reject)
            .finally(() => {
              active--;
              pump();
            });
        });
        pump();
      });
    },
    size: () => waiting.length + active,
    touch: () => void (lastArrival = Date.now()),
  };
}
