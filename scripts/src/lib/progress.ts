import cliProgress from 'cli-progress';

export interface ProgressLine {
  index: number;
  total: number;
  label: string;
  outcome: string;
}

export interface ProgressReporter {
  update(p: ProgressLine): void;
  /** A line that must stay visible (errors), printed above the bar. */
  note(text: string): void;
  stop(): void;
}

/** A cli-progress bar on a TTY; one plain line per item otherwise (CI logs, pipes). */
export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (!stream.isTTY) {
    return {
      update: (p) => void stream.write(`[${p.index}/${p.total}] ${p.label} ${p.outcome}\n`),
      note: (text) => void stream.write(`${text}\n`),
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: '{bar} {value}/{total} | {label} {outcome}', stream, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '', outcome: '' });
  return {
    update: (p) => bar.update(p.index, { label: p.label, outcome: p.outcome }),
    note: (text) => {
      stream.write(`\r\x1b[2K${text}\n`);
      bar.render();
    },
    stop: () => bar.stop(),
  };
}
