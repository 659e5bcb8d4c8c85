import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import SendToBoard from '../../../src/renderer/src/components/classroom/SendToBoard.vue';
import { syntheticSubmission } from '../../../src/core/classroom/synthetic-class';
import type { ClassSendResult } from '../../../src/shared/class-contract';
import { APP, MACHINE, MemoryTransport } from '../../support/memory-transport';
import { mountWithTransport } from '../mount';

const JOIN = 'http://127.0.0.2:4174/join/abcdefghijklmnopqrstuv';
const runs = [0, 1].map((i) => ({ measurement: syntheticSubmission(i).measurement, tag: null }));

function board(answers: ClassSendResult[]) {
  const sent: { joinAddress: string; student: string | null }[] = [];
  const transport = new MemoryTransport({
    'app:get-info': () => APP,
    'monitor:get-info': () => MACHINE,
    'class:send': (request) => {
      sent.push({ joinAddress: request.joinAddress, student: request.student ?? null });
      return answers.shift() ?? { sent: true, host: '127.0.0.2:4174', entryId: 'e', replaced: false };
    },
  });
  const { wrapper } = mountWithTransport(defineComponent({ render: () => h(SendToBoard, { runs }) }), transport);
  return { wrapper, sent };
}

describe('Send to the class board', () => {
  it('asks once for the join address, sends every finished run through the engine, then sends straight away', async () => {
    const { wrapper, sent } = board([]);
    await flushPromises();
    await wrapper.get('button').trigger('click');
    await wrapper.get('input[name="join-address"]').setValue('http://127.0.0.2:4174/nothing-here');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toMatch(/is not a join address/);
    expect(sent).toEqual([]);

    await wrapper.get('input[name="join-address"]').setValue(JOIN);
    await wrapper.get('input[name="student"]').setValue('  Ada ');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(sent).toEqual([
      { joinAddress: JOIN, student: 'Ada' },
      { joinAddress: JOIN, student: 'Ada' },
    ]);
    expect(wrapper.get('[role="status"]').text()).toBe('Sent 2 runs to the class board at 127.0.0.2:4174.');
    expect(wrapper.find('form').exists()).toBe(false);

    await wrapper.get('button').trigger('click');
    await flushPromises();
    expect(sent).toHaveLength(4);
    expect(wrapper.find('form').exists()).toBe(false);
  });

  it('says a refused token plainly and asks for the address again next time', async () => {
    const { wrapper, sent } = board([
      { sent: false, problem: 'token', message: 'The class board at 127.0.0.2:4174 does not know this join address.' },
    ]);
    await flushPromises();
    await wrapper.get('button').trigger('click');
    await wrapper.get('input[name="join-address"]').setValue(JOIN);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(sent).toHaveLength(1);
    expect(wrapper.get('[role="alert"]').text()).toMatch(/does not know this join address/);
    await wrapper.get('button').trigger('click');
    expect(wrapper.find('form').exists()).toBe(true);
    expect(sent).toHaveLength(1);
  });

  it('stops at a rate limit, says how many went, and keeps the address', async () => {
    const { wrapper, sent } = board([
      { sent: true, host: '127.0.0.2:4174', entryId: 'a', replaced: false },
      {
        sent: false,
        problem: 'rate-limited',
        message: 'The class board takes only a few runs a minute. Try again in 40 s.',
      },
    ]);
    await flushPromises();
    await wrapper.get('button').trigger('click');
    await wrapper.get('input[name="join-address"]').setValue(JOIN);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(sent).toHaveLength(2);
    expect(wrapper.get('[role="alert"]').text()).toBe(
      '1 of 2 sent. The class board takes only a few runs a minute. Try again in 40 s.',
    );
    expect(wrapper.text()).toContain('Change the join address');
  });
});
