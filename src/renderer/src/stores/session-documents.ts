import { markRaw, shallowRef } from 'vue';
import { ContractError, describeIssues } from '../../../shared/contract';
import { SessionDocumentSchema, type SessionDocument } from '../../../shared/session';
import { SessionAssembly, SessionChunkError } from '../../../shared/session-read';
import { nextTask } from '../lib/sliced-work';
import type { Transport } from '../transport/transport';

/**
 * Reads a session in pieces (see session-read.ts): its outline, then its chunks one at a time,
 * each small to parse and check, with the page taking its turn while the next is on its way.
 * Nothing is handed on until the whole document is together and has passed the contract; a
 * piece that does not fit fails the read as a bad answer would.
 */
export async function readSession(transport: Pick<Transport, 'invoke'>, id: string): Promise<SessionDocument> {
  const outline = await transport.invoke('session:read-begin', { id });
  const rejected = (reason: string) =>
    new ContractError('invalid-payload', `Response on "session:read-chunk" rejected: ${reason}`);
  try {
    const assembly = new SessionAssembly(outline);
    for (let index = 0; index < assembly.chunks; index++) {
      assembly.add(await transport.invoke('session:read-chunk', { id, version: outline.version, index }));
    }
    const checked = SessionDocumentSchema.safeParse(assembly.finish());
    if (!checked.success) throw rejected(describeIssues(checked.error));
    // The page drawn from it is a task of its own, not one more cost on the last chunk's.
    await nextTask();
    return checked.data;
  } catch (error) {
    if (error instanceof SessionChunkError) throw rejected(error.message);
    throw error;
  }
}

/**
 * The whole documents of the sessions read so far, each read once per version. Kept raw: a
 * one-hour session holds megabytes of packed samples, and Vue has no business walking them.
 * A document that may have gone stale is let go, so the next look reads it again; the one on
 * screen stays there until its new version arrives, so its page neither blanks nor jumps.
 */
export function sessionDocuments(read: (id: string) => Promise<SessionDocument>) {
  const docs = shallowRef<ReadonlyMap<string, SessionDocument>>(new Map());
  const fetching = new Map<string, Promise<SessionDocument>>();

  function fetch(id: string): Promise<SessionDocument> {
    // A read that drop() let go of answers its caller but is not kept: the file changed since.
    const pending: Promise<SessionDocument> = read(id)
      .then((doc) => {
        if (fetching.get(id) === pending) docs.value = new Map(docs.value).set(id, markRaw(doc));
        return doc;
      })
      .finally(() => fetching.get(id) === pending && fetching.delete(id));
    fetching.set(id, pending);
    return pending;
  }

  /** The session's document, read if it isn't at hand. */
  function load(id: string): Promise<SessionDocument> {
    return docs.value.has(id) ? Promise.resolve(docs.value.get(id)!) : (fetching.get(id) ?? fetch(id));
  }

  /** Lets these documents go (all: every one held or being read); `shown`'s is read again in place. */
  function drop(ids: Iterable<string> | 'all', shown: string | null): void {
    const next = new Map(docs.value);
    const gone = ids === 'all' ? [...next.keys(), ...fetching.keys()] : [...ids];
    for (const id of gone) {
      fetching.delete(id);
      if (id !== shown) next.delete(id);
    }
    if (next.size !== docs.value.size) docs.value = next;
    // Not kept for its caller: a failed read leaves the page as it was, and the next change reads again.
    if (shown !== null && gone.includes(shown)) fetch(shown).catch(() => {});
  }

  return { docs, load, drop };
}
