import { sumOfSquaresTask } from './cpu';
import { sameTasks, type WorkloadDescriptor } from './workload';

/** The CPU kernel at a trivial size: the point is what handing each task out costs. */
export const tinyTask = sumOfSquaresTask('tiny');

export const tiny: WorkloadDescriptor = {
  id: 'tiny',
  kinds: [tinyTask],
  plan: (params) => sameTasks(params, { workload: 'tiny', n: 100 }, null),
};
