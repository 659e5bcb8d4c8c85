import { processCpuMs } from './process-cpu';

export interface RunLoad {
  wallMs: number;
  cpuMs: number;
  /** Since the round began. */
  busyCores: number;
  /** Over about the last second: what the gauge shows while a round runs. */
  recentBusyCores: number;
}

/** How far back the recent figure looks. */
export const RECENT_WINDOW_MS = 1000;

/**
 * Live CPU ÷ wall of the processes running one round of a run: what the "cores' worth busy"
 * gauge shows while it goes, before the workers report their own CPU time at the end. It
 * counts only those processes, so a browser drawing the page on the same cores doesn't.
 */
export class RunLoadTracker {
  private round: {
    key: string;
    startedAt: number;
    start: Map<number, number>;
    history: { wallMs: number; cpuMs: number }[];
  } | null = null;

  /** Starts counting for a round; a second call with the same key changes nothing. */
  begin(key: string, pids: number[]): void {
    if (this.round?.key === key) return;
    const start = new Map<number, number>();
    for (const pid of new Set(pids)) {
      const ms = processCpuMs(pid);
      if (ms !== null) start.set(pid, ms);
    }
    this.round = { key, startedAt: performance.now(), start, history: [{ wallMs: 0, cpuMs: 0 }] };
  }

  /**
   * CPU used since begin() ÷ wall time since then. A process that died mid-round takes its
   * CPU time with it, so the figure can only err low. Null before the first round, or where
   * process times can't be read.
   */
  sample(): RunLoad | null {
    const round = this.round;
    if (!round || round.start.size === 0) return null;
    let cpuMs = 0;
    for (const [pid, started] of round.start) {
      const now = processCpuMs(pid);
      if (now !== null && now >= started) cpuMs += now - started;
    }
    const wallMs = performance.now() - round.startedAt;
    const { history } = round;
    while (history.length > 1 && wallMs - history[1]!.wallMs >= RECENT_WINDOW_MS) history.shift();
    const then = history[0]!;
    history.push({ wallMs, cpuMs });
    const ratio = (cpu: number, wall: number) => (wall > 0 ? Math.max(0, cpu) / wall : 0);
    return {
      wallMs,
      cpuMs,
      busyCores: ratio(cpuMs, wallMs),
      recentBusyCores: ratio(cpuMs - then.cpuMs, wallMs - then.wallMs),
    };
  }

  end(): void {
    this.round = null;
  }
}
