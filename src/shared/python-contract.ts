import { z } from 'zod';
import { BackendFactsSchema } from './measurement';
import { EXECUTION_MODES } from './vocabulary';

/**
 * The interpreters the python backend can run: what discovery found on the PATH, and the one the
 * user chose, kept in the data folder's settings. These answers hold paths on the teacher's disk,
 * so they are for the control connection only: no follower role lists these channels.
 */

/** For each mode the lab has, null where the interpreter runs it, else why not, in one line. */
const ModeReasonsSchema = z.partialRecord(z.enum(EXECUTION_MODES), z.string().max(400).nullable());

/**
 * One interpreter as its probe answered: the facts a run's measurement keeps of it (version,
 * build, GIL at run time, path, start method), what was chosen, and its modes.
 */
export const InterpreterInfoSchema = BackendFactsSchema.shape.interpreter
  .unwrap()
  .extend({
    /** What was chosen or found: a path, a name on the PATH, or `py -3`. */
    chosen: z.string().min(1).max(4096),
    modes: ModeReasonsSchema,
  })
  .strict();

/** A candidate that can't be used, with the one line that says why. */
export const UnusableInterpreterSchema = z
  .object({ chosen: z.string().min(1).max(4096), error: z.string().max(600) })
  .strict();

export const PythonChoiceSchema = z
  .object({
    /** Every python3, python3.X and python3.Xt on the PATH, as found, usable or not. */
    found: z.array(z.union([InterpreterInfoSchema, UnusableInterpreterSchema])).max(64),
    /** The interpreter runs use: the saved choice, or the first usable one found; null if none. */
    selected: InterpreterInfoSchema.nullable(),
    /** Why the last choice was refused, in one line; null when it was taken. */
    error: z.string().max(600).nullable(),
  })
  .strict();

export const PythonListRequestSchema = z
  .union([z.undefined(), z.null(), z.object({ refresh: z.boolean().optional() }).strict()])
  .transform((r) => ({ refresh: r?.refresh ?? false }));

/** A path or command to use, or null to go back to the first usable one found. */
export const PythonChooseRequestSchema = z.object({ python: z.string().trim().min(1).max(4096).nullable() }).strict();

export const pythonInvokeContract = {
  /** What discovery found and which is chosen; refresh probes the PATH again. */
  'python:list': { request: PythonListRequestSchema, response: PythonChoiceSchema },
  /** Probes the path and, if it is a Python GIL Lab can use, keeps it as the choice. */
  'python:choose': { request: PythonChooseRequestSchema, response: PythonChoiceSchema },
} as const;

export type InterpreterInfo = z.output<typeof InterpreterInfoSchema>;
export type UnusableInterpreter = z.output<typeof UnusableInterpreterSchema>;
export type PythonChoice = z.output<typeof PythonChoiceSchema>;
