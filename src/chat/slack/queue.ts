// A small fair queue for slash-command work. Each job starts on its own turn
// of the event loop (setImmediate), so that under a burst the loop keeps
// reading new requests and acking them on time instead of running one long
// chain of database work after another.
export type WorkQueue = { run<T>(fn: () => Promise<T>): Promise<T>; size(): number };

export function createWorkQueue(concurrency: number): WorkQueue {
  const waiting: (() => void)[] = [];
  let active = 0;
  const pump = () => {
    while (active < concurrency && waiting.length) {
      active++;
      const start = waiting.shift()!;
      setImmediate(start);
    }
  };
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
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
  };
}
