import { randomUUID } from 'node:crypto';
import {
  DEFAULT_MAX_FOLLOWERS,
  FOLLOWER_EVENT_CHANNELS,
  MAX_BOARD_ENTRIES,
  SUBMISSION_WINDOW_MS,
  SUBMISSIONS_PER_WINDOW,
  type ClassBoard,
  type ClassSubmission,
  type Follower,
  type ShareStatus,
  type TeacherView,
} from '../../shared/class-contract';
import { ContractError, type EventChannel, type EventPayload, type InvokeHandlers } from '../../shared/contract';
import type { SessionSummary } from '../../shared/session-contract';
import { Listeners } from '../util/listeners';
import { boardKey, computeBoard, type BoardSubmission } from './class-board';
import { hidePaths } from './hide-paths';
import { LiveReplay, type ReplayEvent } from './live-replay';
import { WindowLimiter } from './rate-limit';
import { saveBoardAsSession, type BoardSessionTarget } from './board-session';
import { buildSubmission, sendToBoard } from './board-sender';
import type { AppInfo } from '../../shared/schemas';
import type { MachineSnapshot } from '../../shared/session';

export type ClassChannel = Extract<keyof InvokeHandlers, `class:${string}`>;

/** What the shell that owns the shared listener does when the teacher turns sharing on or off. */
export interface Sharer {
  start(): Promise<{ joinUrl: string; roomCode: string; maxFollowers: number }>;
  /** Closes the listener; every follower is disconnected at once. */
  stop(): Promise<void>;
}

/** Where the classroom hears the engine's events: LabCore.subscribe, for the channels followers get. */
export type EventSource = <E extends EventChannel>(
  channel: E,
  listener: (payload: EventPayload<E>) => void,
) => () => void;

export interface ClassroomOptions {
  source: EventSource;
  /** Where a saved board goes; without it, class:board-save is refused. */
  sessions?: BoardSessionTarget;
  /** What this machine says of itself when it sends a run to another teacher's board (class:send). */
  sender?: { app: AppInfo; readMachine: () => Promise<MachineSnapshot>; fetchBoard?: typeof fetch };
  now?: () => number;
}

/** A submission that may not be taken now; the shell answers 429 with retryAfterMs. */
export class SubmissionLimited extends ContractError {
  constructor(readonly retryAfterMs: number) {
    super('refused', `too many submissions from this address; try again in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

/**
 * The classroom beside the engine: who follows, what the teacher shows, the live runs a late
 * follower is sent, and the class board. The shell owns the shared listener (see Sharer); this
 * owns everything the listener and the teacher's own connection share.
 */
export class Classroom {
  readonly statusChanged = new Listeners<ShareStatus>();
  readonly boardChanged = new Listeners<ClassBoard>();
  readonly teacherViewChanged = new Listeners<TeacherView>();
  private readonly followers = new Map<number, Follower>();
  private readonly replay = new LiveReplay();
  private readonly submissions = new Map<string, BoardSubmission>();
  private readonly limiter: WindowLimiter;
  private sharer: Sharer | undefined;
  private share: { joinUrl: string; roomCode: string; maxFollowers: number } | null = null;
  private teacherView: TeacherView | null = null;
  private readonly offs: (() => void)[];

  constructor(private readonly options: ClassroomOptions) {
    this.limiter = new WindowLimiter(SUBMISSIONS_PER_WINDOW, SUBMISSION_WINDOW_MS, options.now);
    // Kept whether or not anyone follows yet: sharing may start halfway through a run.
    this.offs = [
      options.source('run:progressed', (p) => this.replay.progressed(p)),
      options.source('run:load-measured', (p) => this.replay.loadMeasured(p)),
      options.source('run:finished', (p) => this.replay.finished(p)),
    ];
  }

  useSharer(sharer: Sharer): void {
    this.sharer = sharer;
  }

  status(): ShareStatus {
    const followers = [...this.followers.values()];
    return {
      sharing: this.share !== null,
      joinUrl: this.share?.joinUrl ?? null,
      roomCode: this.share?.roomCode ?? null,
      maxFollowers: this.share?.maxFollowers ?? DEFAULT_MAX_FOLLOWERS,
      count: followers.length,
      followers: followers.slice(0, 1000),
    };
  }

  followerJoined(follower: Follower): void {
    this.followers.set(follower.id, follower);
    this.statusChanged.emit(this.status());
  }

  followerLeft(id: number): void {
    if (this.followers.delete(id)) this.statusChanged.emit(this.status());
  }

  /**
   * The follower stream: each event once, paths hidden, for the shared listener to serialise
   * once and send to every follower. Returns the unsubscribe function.
   */
  followFeed(listener: (event: ReplayEvent) => void): () => void {
    const offs = FOLLOWER_EVENT_CHANNELS.map((channel) =>
      channel === 'class:teacher-view'
        ? this.teacherViewChanged.add((payload) => listener({ channel, payload }))
        : this.options.source(channel, (payload) => listener({ channel, payload: hidePaths(payload) })),
    );
    return () => offs.forEach((off) => off());
  }

  /** What a follower is sent on joining, before the live stream: the teacher's screen, then the runs so far. */
  joinEvents(): ReplayEvent[] {
    const view: ReplayEvent[] = this.teacherView ? [{ channel: 'class:teacher-view', payload: this.teacherView }] : [];
    return [...view, ...this.replay.events().map((e) => ({ ...e, payload: hidePaths(e.payload) }))];
  }

  board(): ClassBoard {
    return computeBoard([...this.submissions.values()]);
  }

  /** Takes a checked submission from `address`, within its rate limit; replaces that machine's last one in the same mode. */
  submit(address: string, submission: ClassSubmission, limited = true): { entryId: string; replaced: boolean } {
    if (limited) {
      const taken = this.limiter.take(address);
      if (!taken.ok) throw new SubmissionLimited(taken.retryAfterMs);
    }
    const key = boardKey(address, submission);
    const replaced = this.submissions.delete(key);
    const entryId = randomUUID();
    const at = new Date(this.options.now?.() ?? Date.now()).toISOString();
    this.submissions.set(key, { id: entryId, address, receivedAt: at, submission });
    if (this.submissions.size > MAX_BOARD_ENTRIES) this.submissions.delete(this.submissions.keys().next().value!);
    this.boardChanged.emit(this.board());
    return { entryId, replaced };
  }

  handlers(): Pick<InvokeHandlers, ClassChannel> {
    return {
      'class:share-start': async () => {
        if (!this.sharer) throw new ContractError('refused', 'This host cannot share with a class.');
        this.share ??= await this.sharer.start();
        this.statusChanged.emit(this.status());
        return this.status();
      },
      'class:share-stop': async () => {
        if (this.share) await this.sharer?.stop();
        this.share = null;
        this.followers.clear();
        this.statusChanged.emit(this.status());
        return this.status();
      },
      'class:status': () => this.status(),
      'class:teacher-view': (view) => {
        this.teacherView = view;
        this.teacherViewChanged.emit(view);
        return { followers: this.followers.size };
      },
      // The teacher's own runs join the board without a limit: they come from the app itself.
      'class:submit': (submission) => this.submit('this machine', submission, false),
      'class:board-get': () => this.board(),
      'class:board-save': ({ name }) => this.saveBoard(name),
      'class:board-clear': () => {
        this.submissions.clear();
        this.boardChanged.emit(this.board());
        return this.board();
      },
      'class:send': async ({ joinAddress, measurement, tag, student }) => {
        const sender = this.options.sender;
        if (!sender) throw new ContractError('refused', 'This host cannot send runs to a class board.');
        const submission = buildSubmission({
          measurement,
          tag,
          student,
          app: sender.app,
          machine: await sender.readMachine(),
        });
        return sendToBoard(joinAddress, submission, sender.fetchBoard);
      },
    };
  }

  /** Called by a shell whose listener started without the app asking (browser mode's --share). */
  sharingStarted(share: { joinUrl: string; roomCode: string; maxFollowers: number }): void {
    this.share = share;
    this.statusChanged.emit(this.status());
  }

  private saveBoard(name: string): Promise<SessionSummary> {
    if (!this.options.sessions) throw new ContractError('refused', 'This host keeps no sessions.');
    if (this.submissions.size === 0) throw new ContractError('refused', 'The board has no runs to save.');
    return saveBoardAsSession(this.options.sessions, name, [...this.submissions.values()]);
  }

  close(): void {
    for (const off of this.offs.splice(0)) off();
  }
}
