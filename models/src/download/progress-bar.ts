// A one-line progress bar on stderr for pulls: file, percent, bytes and speed, redrawn at most ten times a second.
import type { PullProgress } from './pull.ts';

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u += 1;
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): { update: (p: PullProgress) => void; done: () => void } {
  let last = 0;
  let lastFile = '';
  let started = Date.now();
  let startBytes = 0;
  const width = 24;
  const draw = (p: PullProgress): void => {
    const frac = p.total ? Math.min(1, p.received / p.total) : null;
    const filled = frac === null ? 0 : Math.round(frac * width);
    const bar = frac === null ? '?'.repeat(width) : '#'.repeat(filled) + '-'.repeat(width - filled);
    const secs = Math.max(0.001, (Date.now() - started) / 1000);
    const speed = formatBytes((p.received - startBytes) / secs);
    const sizes = `${formatBytes(p.received)}${p.total ? ` / ${formatBytes(p.total)}` : ''}`;
    const pct = frac === null ? '' : ` ${(frac * 100).toFixed(1)}%`;
    const line = `[${p.fileIndex + 1}/${p.fileCount}] ${p.file} [${bar}]${pct} ${sizes} ${speed}/s`;
    if (stream.isTTY) stream.write(`\r${line.slice(0, (stream.columns || 120) - 1)}\x1b[K`);
    else if (p.total !== null && p.received === p.total) stream.write(`${line}\n`);
  };
  return {
    update(p) {
      if (p.file !== lastFile) {
        if (lastFile && stream.isTTY) stream.write('\n');
        lastFile = p.file;
        started = Date.now();
        startBytes = p.received;
      }
      const now = Date.now();
      if (now - last >= 100 || p.received === p.total) {
        last = now;
        draw(p);
      }
    },
    done() {
      if (lastFile && stream.isTTY) stream.write('\n');
    },
  };
}
