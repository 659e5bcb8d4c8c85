import { appInfo } from '../../../src/core/app-info';
import { LabCore } from '../../../src/core/lab-core';
import { createTestLab, type TestLab } from '../../support/pools';
import { sourceWorkerLocator } from '../../support/workers';

/**
 * The engine as the app drives it: LabCore on real backends, with runs started through run:start,
 * and the lab's pools at hand for tests that look at its workers. Closing the core closes them.
 */
export function startLabCore(): { core: LabCore; lab: TestLab } {
  const lab = createTestLab(() => {});
  const core = new LabCore({
    app: appInfo('browser'),
    monitor: { locateWorker: sourceWorkerLocator, hz: 4 },
    backends: lab.backends,
  });
  core.start();
  return { core, lab };
}
