import { z } from 'zod';
import { EmptyRequestSchema } from './schemas';
import { SessionDocumentSchema, SessionIdSchema } from './session';
import { SessionChunkRequestSchema, SessionChunkSchema, SessionOutlineSchema } from './session-read';

/** What the session channels of the contract carry, and the channels themselves. */

export const SessionSummarySchema = z
  .object({
    id: SessionIdSchema,
    name: z.string(),
    runs: z.number().int().nonnegative(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** Where an imported session came from: the name it had there. Null for sessions made here. */
    importedFrom: z.string().nullable(),
    /** The machines its runs ran on, e.g. "AMD EPYC, 2 cores (2 physical), Debian GNU/Linux 12", in order of first use. */
    machines: z.array(z.string()),
    /** Logical cores of each machine in `machines`, for sorting and comparing. */
    logicalCores: z.array(z.number().int()),
    /** False when the last change could not be written; the session is still held in memory. */
    saved: z.boolean(),
    saveError: z.string().nullable(),
    /** Set for sessions in the trash: when they were deleted. */
    deletedAt: z.string().nullable(),
  })
  .strict();
export type SessionSummary = z.output<typeof SessionSummarySchema>;

export const SessionNoticeSchema = z
  .object({
    kind: z.enum(['quarantined', 'save-failed', 'storage-unavailable']),
    message: z.string(),
    at: z.string(),
  })
  .strict();
export type SessionNotice = z.output<typeof SessionNoticeSchema>;

/** An entry in the sessions folder named like a session file that GIL Lab won't open, and why. */
export const ForeignEntrySchema = z
  .object({
    /** Its file name, control characters replaced and cut to length. */
    file: z.string().max(200),
    /** A short reason in GIL Lab's words; never the entry's content. */
    reason: z.string().max(300),
  })
  .strict();
export type ForeignEntry = z.output<typeof ForeignEntrySchema>;

/** A finished run the engine holds in memory because it could not be put in a session. */
export const UnsavedRunSchema = z.object({ runId: z.string(), reason: z.string(), at: z.string() }).strict();
export type UnsavedRun = z.output<typeof UnsavedRunSchema>;

export const SessionListSchema = z
  .object({
    sessions: z.array(SessionSummarySchema),
    /** Deleted sessions that can still be restored with session:restore. */
    trash: z.array(SessionSummarySchema),
    /** The session new runs are appended to, if one is chosen or has been started. */
    currentId: SessionIdSchema.nullable(),
    notices: z.array(SessionNoticeSchema),
    /** Entries named like session files that are not GIL Lab sessions; left exactly as they are. */
    foreign: z.array(ForeignEntrySchema),
    /** Finished runs not yet in any session; session:retry-saves tries them again. */
    unsavedRuns: z.array(UnsavedRunSchema),
    /** The folder session files are kept in. */
    dir: z.string(),
  })
  .strict();
export type SessionList = z.output<typeof SessionListSchema>;

export const SessionRefSchema = z.object({ id: SessionIdSchema }).strict();
export const SessionNameRequestSchema = z.object({ name: z.string().max(20_000) }).strict();
export const SessionRenameSchema = z.object({ id: SessionIdSchema, name: z.string().max(20_000) }).strict();
export const SessionDuplicateSchema = z
  .object({ id: SessionIdSchema, name: z.string().max(20_000).optional() })
  .strict();
export const SessionCurrentSchema = z.object({ id: SessionIdSchema.nullable() }).strict();
export const SessionDeletedSchema = z.object({ id: SessionIdSchema, undoable: z.literal(true) }).strict();

/** perfetto: every run as a Chrome Trace Event Format file, for ui.perfetto.dev and chrome://tracing. */
export const SESSION_EXPORT_FORMATS = ['json', 'csv-runs', 'csv-samples', 'md', 'html', 'perfetto'] as const;
export const SessionExportRequestSchema = z
  .object({ id: SessionIdSchema, format: z.enum(SESSION_EXPORT_FORMATS) })
  .strict();
export const SessionExportSchema = z.object({ fileName: z.string(), mediaType: z.string(), text: z.string() }).strict();
export type SessionExport = z.output<typeof SessionExportSchema>;

export const SessionRunRefSchema = z.object({ id: SessionIdSchema, runId: z.string().min(1).max(64) }).strict();
export const SessionRunRemovedSchema = z
  .object({ id: SessionIdSchema, runId: z.string(), undoable: z.literal(true) })
  .strict();

export const SessionChangedSchema = z
  .object({
    reason: z.enum([
      'created',
      'run-added',
      'renamed',
      'duplicated',
      'deleted',
      'restored',
      'imported',
      'current-changed',
      /** A session's save failed, or (id null) a finished run could not be put in a session. */
      'save-failed',
      /** A session whose save had failed was written after all (session:retry-saves). */
      'saved',
      'quarantined',
      'run-removed',
      'run-restored',
      /** Another GIL Lab (the CLI, a second window) wrote a session file in the same folder. */
      'external',
    ]),
    /** The session concerned, if one. */
    id: SessionIdSchema.nullable(),
  })
  .strict();
export type SessionChanged = z.output<typeof SessionChangedSchema>;

export { SessionDocumentSchema };

/** The session channels of the contract (see contract.ts): what each accepts and what it answers. */
export const sessionInvokeContract = {
  /** Every session and the trash, which one new runs go to, and notices (quarantined files, failed saves). */
  'session:list': { request: EmptyRequestSchema, response: SessionListSchema },
  /** The whole session, load samples and timelines packed; unpack with session-content.ts. */
  'session:get': { request: SessionRefSchema, response: SessionDocumentSchema },
  /**
   * The same document in pieces, for the page (see session-read.ts): its outline, then each chunk of
   * its packed columns by index; a session that changed since the outline is refused.
   */
  'session:read-begin': { request: SessionRefSchema, response: SessionOutlineSchema },
  'session:read-chunk': { request: SessionChunkRequestSchema, response: SessionChunkSchema },
  /** A new empty session, which becomes the current one. */
  'session:create': { request: SessionNameRequestSchema, response: SessionSummarySchema },
  /** Which session finished runs are appended to; null starts a new dated one on the next run. */
  'session:set-current': { request: SessionCurrentSchema, response: SessionCurrentSchema },
  'session:rename': { request: SessionRenameSchema, response: SessionSummarySchema },
  'session:duplicate': { request: SessionDuplicateSchema, response: SessionSummarySchema },
  /** Moves a session to the trash; session:restore undoes it. */
  'session:delete': { request: SessionRefSchema, response: SessionDeletedSchema },
  'session:restore': { request: SessionRefSchema, response: SessionSummarySchema },
  /** Takes one run out of a session (a bad go, say); session:restore-run puts it back. */
  'session:remove-run': { request: SessionRunRefSchema, response: SessionRunRemovedSchema },
  'session:restore-run': { request: SessionRunRefSchema, response: SessionSummarySchema },
  'session:export': { request: SessionExportRequestSchema, response: SessionExportSchema },
  /** Saves again every session whose last save failed, and every run not yet in a session. */
  'session:retry-saves': { request: EmptyRequestSchema, response: z.object({ saved: z.number().int() }).strict() },
} as const;

export type SessionExportFormat = (typeof SESSION_EXPORT_FORMATS)[number];
