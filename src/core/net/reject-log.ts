/** How many rejected messages from one client are logged one by one before they are counted. */
export const REJECTS_LOGGED_IN_FULL = 5;
export const REJECT_SUMMARY_MS = 10_000;

/**
 * Logs a client's rejected messages without letting a flood of them flood the log: the first
 * few in full, then one line per interval with how many more there were.
 */
export class RejectLog {
  private logged = 0;
  private unlogged = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly who: string,
    private readonly log: (line: string) => void,
    private readonly intervalMs = REJECT_SUMMARY_MS,
  ) {}

  rejected(reason: string): void {
    if (this.logged < REJECTS_LOGGED_IN_FULL) {
      this.logged++;
      this.log(`${this.who}: rejected message: ${reason}`);
      return;
    }
    this.unlogged++;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.intervalMs);
  }

  /** Writes the pending count now; called when the client goes away. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.unlogged === 0) return;
    const seconds = Math.round(this.intervalMs / 1000);
    this.log(`${this.who}: ${this.unlogged} more rejected messages in the last ${seconds} s`);
    this.unlogged = 0;
  }
}
