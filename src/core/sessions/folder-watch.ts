import { watch as fsWatch, type FSWatcher } from 'node:fs';

export interface FolderWatchOptions {
  /** Changes closer together than this are seen once. */
  debounceMs?: number;
  /** How often the folder is looked at where it can't be watched. */
  pollMs?: number;
  /** fs.watch, or a stand-in that fails the way some file systems do. */
  watch?: (dir: string, listener: () => void) => FSWatcher;
}

/**
 * Tells its owner when something in a folder may have changed: through fs.watch, debounced, or,
 * where watching is refused or breaks (network and some container file systems, too many
 * watchers already), by looking every few seconds instead. The owner compares what is there
 * with what it knows, so a change seen twice, or one that wasn't a change, costs a look.
 */
export class FolderWatcher {
  private watcher: FSWatcher | undefined;
  private poll: ReturnType<typeof setInterval> | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly debounceMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly dir: string,
    private readonly onChange: () => void,
    private readonly options: FolderWatchOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 200;
    this.pollMs = options.pollMs ?? 2000;
    this.start();
  }

  /** Whether it watches (true) or looks every few seconds (false). */
  get watching(): boolean {
    return this.watcher !== undefined;
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = undefined;
    clearInterval(this.poll);
    clearTimeout(this.debounce);
  }

  private start(): void {
    try {
      const watcher = (this.options.watch ?? ((dir, listener) => fsWatch(dir, listener)))(this.dir, () =>
        this.changed(),
      );
      watcher.on('error', () => this.fallBack());
      // Watching never keeps a process alive that has nothing else to do.
      watcher.unref();
      this.watcher = watcher;
    } catch {
      this.fallBack();
    }
  }

  private fallBack(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.closed || this.poll) return;
    this.poll = setInterval(() => this.onChange(), this.pollMs);
    this.poll.unref();
  }

  private changed(): void {
    if (this.closed) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.onChange(), this.debounceMs);
    this.debounce.unref();
  }
}
