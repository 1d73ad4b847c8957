/**
 * `@hlm/inla/threads`, for Node only: `inlaAsync`, the fit of `inla()` with its design points evaluated on several
 * threads (Node's worker_threads). The package's main entry stays free of Node's built-ins, for the browser.
 *
 * Each worker prepares the fit from the same input while this thread searches for the mode of θ, so that its
 * problem is ready when the design points are. The points are then shared out: every design point's Newton
 * iterations start from the mode's reference (`PointSequence`), never from another point, so a point's numbers do not
 * depend on the thread or the order, and the result is the serial one to the last bit. Where worker threads are not
 * available, or a worker fails, its points are evaluated on this thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InlaError } from './errors.js';
import { resolveInlaSettings, resolveNumThreads } from './options.js';
import { evaluatePointsSerially, fitSteps, pointEvaluator, type InlaInput, type InlaResult, type PointsRequest } from './inla.js';
import type { EvaluatedPoint } from './point-evaluation.js';
import type { PointsTask, WorkerReply } from './point-worker.js';

/** A worker thread and the replies it has sent that no one has taken yet. */
class PointWorker {
  private readonly replies: WorkerReply[] = [];
  private waiting: ((reply: WorkerReply) => void) | null = null;

  constructor(readonly thread: Worker) {
    thread.on('message', (reply: WorkerReply) => this.deliver(reply));
    thread.on('error', (error) => this.deliver({ type: 'failed', message: String(error) }));
  }

  private deliver(reply: WorkerReply): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve(reply);
    } else {
      this.replies.push(reply);
    }
  }

  next(): Promise<WorkerReply> {
    const reply = this.replies.shift();
    return reply ? Promise.resolve(reply) : new Promise((resolve) => (this.waiting = resolve));
  }

  /**
   * Sends the task at once (the worker takes it as soon as it is prepared: this thread is then busy with its own share
   * and does not turn its event loop until that is done); resolves to the points evaluated by this worker, or null if
   * it failed (while preparing or on these points).
   */
  evaluate(task: PointsTask): Promise<{ k: number; point: EvaluatedPoint }[] | null> {
    this.thread.postMessage(task);
    return (async () => {
      const prepared = await this.next();
      if (prepared.type !== 'ready') return null;
      const reply = await this.next();
      return reply.type === 'points' ? reply.points : null;
    })();
  }
}

/** Starts `count` workers on the input (without its progress callback, which stays on this thread); none if the input cannot be copied to them. */
function startWorkers(input: InlaInput, count: number): PointWorker[] {
  const { progress: _, ...shared } = input;
  const workers: PointWorker[] = [];
  try {
    // a worker inherits the parent's options unless given its own, which may not hold V8's (--max-old-space-size):
    // so only where the source condition must go
    const execArgv = withoutSourceCondition(process.execArgv);
    const options = execArgv.length === process.execArgv.length ? { workerData: { input: shared } } : { workerData: { input: shared }, execArgv };
    const url = new URL('./point-worker.js', import.meta.url);
    for (let i = 0; i < count; i++) workers.push(new PointWorker(new Worker(url, options)));
  } catch {
    // input the structured clone cannot copy (a function in the data, say): evaluate on this thread
    for (const worker of workers) void worker.thread.terminate();
    return [];
  }
  return workers;
}

/**
 * Node's options for a worker: the parent's, less the workspace's `--conditions @hlm/source` (under which the tests
 * resolve the packages to their TypeScript sources): the worker is a built module and loads built modules.
 */
function withoutSourceCondition(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const option = execArgv[i] ?? '';
    if ((option === '--conditions' || option === '-C') && execArgv[i + 1] === '@hlm/source') i++;
    else if (option !== '--conditions=@hlm/source' && option !== '-C=@hlm/source') kept.push(option);
  }
  return kept;
}

/**
 * The points of a request shared out: every second non-centre point goes to a worker, in turn, the rest (and the
 * centre, the mode's own approximation) are evaluated here while the workers run; a failed worker's points are then
 * evaluated here too. Returns the points in design order and how many threads evaluated some.
 */
async function evaluatePointsInParallel(request: PointsRequest, workers: PointWorker[]): Promise<{ points: EvaluatedPoint[]; threads: number }> {
  const { context, thetas } = request;
  const here: number[] = [];
  const shares: { k: number; theta: Float64Array }[][] = workers.map(() => []);
  let dealt = 0;
  thetas.forEach((theta, k) => {
    if (theta === null) return here.push(k);
    const slot = dealt++ % (workers.length + 1);
    if (slot === workers.length) here.push(k);
    else shares[slot]?.push({ k, theta });
  });
  const running = workers.map((worker, w) => {
    const points = shares[w] ?? [];
    return points.length === 0 ? Promise.resolve([]) : worker.evaluate({ type: 'points', modeReference: context.modeReference, modeLogPosterior: context.modeLogPosterior, points });
  });
  const results: (EvaluatedPoint | undefined)[] = new Array(thetas.length);
  let done = 0;
  const report = (): void => request.report({ stage: 'integration', done: ++done, total: thetas.length });
  const evaluate = pointEvaluator(request);
  const evaluateHere = (k: number): void => {
    results[k] = evaluate(k);
    report();
  };
  here.forEach(evaluateHere);
  let threads = 1;
  for (let w = 0; w < workers.length; w++) {
    const evaluated = await running[w];
    if (evaluated === null || evaluated === undefined) {
      for (const { k } of shares[w] ?? []) evaluateHere(k);
      continue;
    }
    if (evaluated.length > 0) threads++;
    for (const { k, point } of evaluated) {
      results[k] = point;
      report();
    }
  }
  return { points: results.map((point, k) => point ?? missing(k)), threads };
}

function missing(k: number): never {
  throw new InlaError('numerical-failure', `design point ${k} was not evaluated; this is a bug in @hlm/inla`, { point: k });
}

/**
 * Fits a latent Gaussian model as `inla()` does, with its design points evaluated on `control.numThreads` threads
 * (default: the machine's cores) through Node's worker_threads: the same result to the last bit. With one thread, the
 * full Laplace strategy (whose marginals need each point's factor afterwards), or a worker that cannot start, the
 * points are evaluated on this thread.
 * `result.timing.threads` says how many threads evaluated points.
 */
export async function inlaAsync(input: InlaInput): Promise<InlaResult> {
  const threads = resolveNumThreads(input.control) ?? availableParallelism();
  // the full Laplace strategy keeps every point's factor for its marginals: its points stay on this thread
  const { strategy } = resolveInlaSettings(input.control?.inla);
  const workers = threads > 1 && strategy !== 'laplace' ? startWorkers(input, threads - 1) : [];
  try {
    const steps = fitSteps(input);
    let step = steps.next();
    let used = 1;
    while (!step.done) {
      const request = step.value;
      if (workers.length === 0) {
        step = steps.next(evaluatePointsSerially(request));
      } else {
        const { points, threads: evaluatedOn } = await evaluatePointsInParallel(request, workers);
        used = evaluatedOn;
        step = steps.next(points);
      }
    }
    step.value.timing.threads = used;
    return step.value;
  } finally {
    for (const worker of workers) void worker.thread.terminate();
  }
}
