// Loaded first by every helper process the tests and benchmarks start (an import, or
// `node --import`): the helper exits on its own when its parent dies. See parent-watch.mjs.
import { watchParent } from './parent-watch.mjs';

watchParent();
