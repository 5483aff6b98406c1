// Samples the resident memory of this process's descendants (a browser and its renderer, GPU and utility
// processes), so a benchmark can say how much memory a page really took. Linux/macOS `ps`; null where it is missing.
import { execFileSync } from 'node:child_process';

/** Sum of RSS in bytes of the processes below `root` whose command name matches `name` (e.g. /chrom/). */
export function descendantsRss(name: RegExp, root = process.pid): number | null {
  let table: string;
  try {
    table = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' });
  } catch {
    return null;
  }
  const children = new Map<number, Array<{ pid: number; kib: number; comm: string }>>();
  for (const line of table.trim().split('\n')) {
    const [pid, ppid, kib, ...comm] = line.trim().split(/\s+/);
    const row = { pid: Number(pid), kib: Number(kib), comm: comm.join(' ') };
    children.set(Number(ppid), [...(children.get(Number(ppid)) ?? []), row]);
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    for (const c of children.get(stack.pop()!) ?? []) {
      if (name.test(c.comm)) total += c.kib * 1024;
      stack.push(c.pid);
    }
  }
  return total;
}

/** Polls descendantsRss every `everyMs` until stopped; answers the peak seen (null where ps is missing). */
export function peakRssSampler(name: RegExp, everyMs = 1000): { stop(): number | null } {
  let peak: number | null = null;
  const sample = () => {
    const now = descendantsRss(name);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
