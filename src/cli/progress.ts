/**
 * Progress for long CLI work (audit verify and export, validating many files, evidence, store
 * checks): a bar on stderr when stderr is a terminal, and nothing at all when it is piped or
 * redirected, so scripts and logs get only the command's own output.
 */
import cliProgress from 'cli-progress';
import { cliProgressHiddenByEnvironment } from '../config.js';

export interface Progress {
  /** Moves the bar by n (default 1). */
  tick(n?: number): void;
  /** Sets the total once it is known (work that starts before it can count). */
  setTotal(total: number): void;
  /** Writes a line of the command's output without tearing the bar. */
  print(stream: NodeJS.WriteStream, line: string): void;
  /** Removes the bar; the terminal is left as it was before it. */
  stop(): void;
}

const QUIET: Progress = {
  tick() {},
  setTotal() {},
  print(stream, line) {
    stream.write(line);
  },
  stop() {},
};

/**
 * A progress bar for `label`, shown only on a terminal (`HANDOVER_NO_PROGRESS=1` hides it there
 * too); with no total known (a bulk export), a running count instead of a bar.
 */
export function startProgress(label: string, total: number | undefined, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || cliProgressHiddenByEnvironment()) return QUIET;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: total === undefined ? `${label}: {value} so far, {duration_formatted}` : `${label} [{bar}] {value}/{total} {percentage}% {eta_formatted} left`,
      clearOnComplete: true,
      hideCursor: true,
      // Redraw at most 10 times a second: the work, not the terminal, should take the time.
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(total ?? 0, 0), 0);
  let stopped = false;
  return {
    tick(n = 1) {
      if (!stopped) bar.increment(n);
    },
    setTotal(t) {
      if (!stopped) bar.setTotal(t);
    },
    print(out, line) {
      // The bar owns the last line of the terminal: clear it, write, and let the next tick redraw.
      if (!stopped && out.isTTY) stream.write('\r\x1b[K');
      out.write(line);
      if (!stopped && out.isTTY) (bar as unknown as { render(force: boolean): void }).render(true);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

/** Counts the items of an async sequence on the bar as they pass. */
export async function* counted<T>(items: AsyncIterable<T> | Iterable<T>, progress: Progress): AsyncGenerator<T> {
  for await (const item of items) {
    progress.tick();
    yield item;
  }
}
