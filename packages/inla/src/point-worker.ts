/**
 * A worker thread of `inlaAsync`: it prepares the fit from the same input as the main thread (so its problem is the
 * same, array for array) while the main thread searches for the mode, then evaluates the design points it is sent.
 * Messages: out `ready` or `failed` once prepared; in `points` (the mode's reference and the points' θ), out `points`
 * (each point, evaluated) or `failed`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareFit, type InlaInput, type PreparedFit } from './inla.js';
import { PointSequence, type EvaluatedPoint, type WarmReference } from './point-evaluation.js';

/** A batch of design points for this worker: their indices in the design and θ. */
export interface PointsTask {
  type: 'points';
  modeReference: WarmReference;
  modeLogPosterior: number;
  points: { k: number; theta: Float64Array }[];
}

export type WorkerReply = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'points'; points: { k: number; point: EvaluatedPoint }[] };

const port = parentPort;
if (port) {
  const reply = (message: WorkerReply): void => port.postMessage(message);
  let prepared: PreparedFit | undefined;
  try {
    prepared = prepareFit((workerData as { input: InlaInput }).input);
    reply({ type: 'ready' });
  } catch (error) {
    reply({ type: 'failed', message: String(error) });
  }
  port.on('message', (task: PointsTask) => {
    if (!prepared) return reply({ type: 'failed', message: 'the worker could not prepare the fit' });
    try {
      const { problem, settings, vbNodes } = prepared;
      const sequence = new PointSequence({ problem, settings, vbNodes, modeReference: task.modeReference, modeLogPosterior: task.modeLogPosterior });
      const points = task.points.map(({ k, theta }) => ({ k, point: sequence.evaluate(theta) }));
      reply({ type: 'points', points });
    } catch (error) {
      reply({ type: 'failed', message: String(error) });
    }
  });
}
