import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { parseJoinAddress } from '../../../shared/board-send';
import type { LessonTag, Measurement } from '../../../shared/measurement';
import { useTransport } from '../transport/transport';

/** A finished run this machine measured, as it goes to a board. */
export interface RunToSend {
  measurement: Measurement;
  tag: LessonTag | null;
}

/** What the student is told after sending: taken, or why not. */
export interface SendNote {
  ok: boolean;
  text: string;
}

/**
 * A student's side of the classroom: the teacher's join address, asked once and remembered while
 * the app runs, the name to show on the board, and sending finished runs there through the
 * engine (class:send). An address the board does not know is forgotten, so the next send asks again.
 */
export const useClassSendStore = defineStore('class-send', () => {
  const transport = useTransport();
  const joinAddress = ref<string | null>(null);
  const student = ref('');
  const sending = ref(false);
  const note = shallowRef<SendNote | null>(null);

  /** Keeps the address if it reads as a join address; otherwise says why and keeps nothing. */
  function setAddress(text: string, name: string): boolean {
    const address = parseJoinAddress(text);
    student.value = name.trim().slice(0, 40);
    if (!address.ok) {
      note.value = { ok: false, text: address.message };
      return false;
    }
    joinAddress.value = text.trim();
    note.value = null;
    return true;
  }

  function forgetAddress(): void {
    joinAddress.value = null;
  }

  /** Sends each run in turn; stops at the first the board does not take. */
  async function send(runs: readonly RunToSend[]): Promise<void> {
    const address = joinAddress.value;
    if (!address || runs.length === 0 || sending.value) return;
    sending.value = true;
    note.value = null;
    let taken = 0;
    let host = '';
    try {
      for (const run of runs) {
        const result = await transport.invoke('class:send', {
          joinAddress: address,
          measurement: run.measurement,
          tag: run.tag,
          student: student.value || null,
        });
        if (!result.sent) {
          if (result.problem === 'address' || result.problem === 'token') forgetAddress();
          const before = taken > 0 ? `${taken} of ${runs.length} sent. ` : '';
          note.value = { ok: false, text: `${before}${result.message}` };
          return;
        }
        taken++;
        host = result.host;
      }
      note.value = {
        ok: true,
        text: `Sent ${taken === 1 ? 'the run' : `${taken} runs`} to the class board at ${host}.`,
      };
    } catch (error) {
      note.value = { ok: false, text: `Could not send: ${(error as Error).message}` };
    } finally {
      sending.value = false;
    }
  }

  return { joinAddress, student, sending, note, setAddress, forgetAddress, send };
});
