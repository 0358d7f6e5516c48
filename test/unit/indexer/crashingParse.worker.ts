/**
 * The real parse worker with one addition for parsePool.test.ts: a job for a file named `crash.ts` kills the
 * worker thread, and one for `hang.ts` blocks it forever, the way a fatal bug in a parser would. Import order
 * matters: the fault listener must see each job before the real worker's listener does.
 */
import "./faultInjection";
import "../../../server/src/indexer/parse.worker";
