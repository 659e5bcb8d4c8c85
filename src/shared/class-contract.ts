import { z } from 'zod';
import type { EventChannel, InvokeChannel } from './channels';
import { LessonTagSchema, MeasurementSchema } from './measurement';
import { AppInfoSchema, EmptyRequestSchema } from './schemas';
import { MachineSnapshotSchema } from './session';
import { SessionNameSchema } from './session';
import { SessionSummarySchema } from './session-contract';
import {
  BOARD_FLAGS,
  BOARD_SEND_PROBLEMS,
  CLASS_ROLES,
  EXECUTION_MODES,
  WORKLOAD_NAMES,
  type ClassRole,
} from './vocabulary';

/**
 * The classroom: the teacher shares the app on the LAN, students follow read-only, and the class
 * board collects finished runs from students' own machines. Which channels a connection may use
 * is decided here, by its role, and enforced by the server that holds the connection.
 */

/** The most followers one shared listener serves unless the teacher says otherwise. */
export const DEFAULT_MAX_FOLLOWERS = 200;
/** WebSocket connections one address may hold on the shared listener: a few tabs, not a flood. */
export const MAX_CONNECTIONS_PER_ADDRESS = 4;
/** A follower sends only small requests; anything larger closes its socket. */
export const MAX_FOLLOWER_MESSAGE_BYTES = 4 * 1024;
/** One submission to the board, as JSON: a run's summary, never its lanes or samples. */
export const MAX_SUBMISSION_BYTES = 64 * 1024;
/** Submissions one address may make per window, and the window. */
export const SUBMISSIONS_PER_WINDOW = 5;
export const SUBMISSION_WINDOW_MS = 60_000;
/** Machines the board holds at most; past it, the oldest submission goes. */
export const MAX_BOARD_ENTRIES = 500;

/** The shared listener's paths, all under the join address's token. */
export const JOIN_PATH_PREFIX = '/join/';
export const joinWsPath = (token: string): string => `${JOIN_PATH_PREFIX}${token}/ws`;
export const joinSubmitPath = (token: string): string => `${JOIN_PATH_PREFIX}${token}/submit`;

export const ClassRoleSchema = z.enum(CLASS_ROLES);

/** A finished run's summary from a student's machine, checked with the schemas a session import uses. */
export const ClassSubmissionSchema = z
  .object({
    measurement: MeasurementSchema,
    machine: MachineSnapshotSchema,
    app: AppInfoSchema,
    tag: LessonTagSchema.nullable().default(null),
    /** A name the student chose to show on the board. */
    student: z.string().trim().min(1).max(40).nullable().default(null),
    /** Whether the OS said it was saving power while the run ran; null where unknown. */
    powerSaver: z.boolean().nullable().default(null),
  })
  .strict();
export type ClassSubmission = z.output<typeof ClassSubmissionSchema>;
export type ClassSubmissionInput = z.input<typeof ClassSubmissionSchema>;

/** The close code a follower sees when the teacher ends sharing; it should not reconnect. */
export const SHARING_ENDED_CLOSE_CODE = 4001;

/** A finished run this machine measured, for the teacher's board at a join address. */
export const ClassSendRequestSchema = z
  .object({
    joinAddress: z.string().trim().min(1).max(300),
    measurement: MeasurementSchema,
    tag: LessonTagSchema.nullable().default(null),
    student: z.string().trim().min(1).max(40).nullable().default(null),
  })
  .strict();
export type ClassSendRequest = z.input<typeof ClassSendRequestSchema>;

/** Whether the board took the run, or why not, in words for the student. */
export const ClassSendResultSchema = z.discriminatedUnion('sent', [
  z
    .object({ sent: z.literal(true), host: z.string().max(300), entryId: z.string().max(64), replaced: z.boolean() })
    .strict(),
  z.object({ sent: z.literal(false), problem: z.enum(BOARD_SEND_PROBLEMS), message: z.string().max(600) }).strict(),
]);
export type ClassSendResult = z.output<typeof ClassSendResultSchema>;

export const SubmissionReceiptSchema = z.object({ entryId: z.string().max(64), replaced: z.boolean() }).strict();

export const FollowerSchema = z
  .object({
    id: z.number().int().nonnegative(),
    address: z.string().max(64),
    userAgent: z.string().max(200),
    joinedAt: z.string(),
  })
  .strict();
export type Follower = z.output<typeof FollowerSchema>;

/** What the teacher's screen shows about sharing. The join address carries the token. */
export const ShareStatusSchema = z
  .object({
    sharing: z.boolean(),
    joinUrl: z.string().max(300).nullable(),
    /** Short, unambiguous, to read aloud or off the projector; the join address is what admits. */
    roomCode: z.string().max(16).nullable(),
    maxFollowers: z.number().int().positive(),
    count: z.number().int().nonnegative(),
    followers: z.array(FollowerSchema).max(1000),
  })
  .strict();
export type ShareStatus = z.output<typeof ShareStatusSchema>;

/** What the teacher has on screen, so followers show the same lesson. */
export const TeacherViewSchema = z
  .object({
    view: z.string().min(1).max(32),
    lesson: z.string().max(64).nullable(),
    title: z.string().max(200),
  })
  .strict();
export type TeacherView = z.output<typeof TeacherViewSchema>;

export const BoardEntrySchema = z
  .object({
    id: z.string().max(64),
    student: z.string().max(40).nullable(),
    address: z.string().max(64),
    receivedAt: z.string(),
    mode: z.enum(EXECUTION_MODES),
    workload: z.enum(WORKLOAD_NAMES),
    workers: z.number().int(),
    cpuModel: z.string().max(256),
    logicalCores: z.number().int(),
    os: z.string().max(300),
    speedup: z.number().nullable(),
    wallMs: z.number().nullable(),
    otherBusyCores: z.number().nullable(),
    powerSaver: z.boolean().nullable(),
    flags: z.array(z.enum(BOARD_FLAGS)),
  })
  .strict();
export type BoardEntry = z.output<typeof BoardEntrySchema>;

export const ModeMedianSchema = z
  .object({ mode: z.enum(EXECUTION_MODES), machines: z.number().int(), speedup: z.number().nullable() })
  .strict();
export type ModeMedian = z.output<typeof ModeMedianSchema>;

export const ClassBoardSchema = z
  .object({ entries: z.array(BoardEntrySchema).max(MAX_BOARD_ENTRIES), medians: z.array(ModeMedianSchema) })
  .strict();
export type ClassBoard = z.output<typeof ClassBoardSchema>;

/** The class:* request/response channels (see contract.ts). */
export const classInvokeContract = {
  /** Starts the shared listener, or answers with the one already running. */
  'class:share-start': { request: EmptyRequestSchema, response: ShareStatusSchema },
  /** Stops it: every follower is disconnected at once. */
  'class:share-stop': { request: EmptyRequestSchema, response: ShareStatusSchema },
  'class:status': { request: EmptyRequestSchema, response: ShareStatusSchema },
  'class:teacher-view': { request: TeacherViewSchema, response: z.object({ followers: z.number().int() }).strict() },
  /** A finished run's summary for the board; students reach it by POST to the join address. */
  'class:submit': { request: ClassSubmissionSchema, response: SubmissionReceiptSchema },
  'class:board-get': { request: EmptyRequestSchema, response: ClassBoardSchema },
  /** Keeps the board as a session: one run per machine and mode. */
  'class:board-save': {
    request: z.object({ name: SessionNameSchema }).strict(),
    response: SessionSummarySchema,
  },
  'class:board-clear': { request: EmptyRequestSchema, response: ClassBoardSchema },
  /**
   * This machine sends one of its finished runs to another teacher's board. The engine posts it:
   * the page's CSP allows it only its own origin, and the board answers no CORS preflight.
   */
  'class:send': { request: ClassSendRequestSchema, response: ClassSendResultSchema },
} as const;

export const classEventContract = {
  'class:status': ShareStatusSchema,
  'class:board': ClassBoardSchema,
  'class:teacher-view': TeacherViewSchema,
} as const;

/**
 * What a follower may ask: who the teacher's machine is, nothing that starts, changes or reads
 * anything kept on it.
 */
export const FOLLOWER_INVOKE_CHANNELS = [
  'app:get-info',
  'monitor:get-info',
] as const satisfies readonly InvokeChannel[];

/** What a follower is sent: the live stream of the teacher's machine and screen. */
export const FOLLOWER_EVENT_CHANNELS = [
  'monitor:sampled',
  'run:progressed',
  'run:load-measured',
  'run:finished',
  'class:teacher-view',
] as const satisfies readonly EventChannel[];

export function mayInvoke(role: ClassRole, channel: InvokeChannel): boolean {
  return role === 'control' || (FOLLOWER_INVOKE_CHANNELS as readonly string[]).includes(channel);
}

export function mayReceive(role: ClassRole, channel: EventChannel): boolean {
  return role === 'control' || (FOLLOWER_EVENT_CHANNELS as readonly string[]).includes(channel);
}
