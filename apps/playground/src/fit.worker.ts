/**
 * The Web Worker that fits: it keeps the data file read and fits models to it, so the page stays responsive.
 * The page cancels a fit by terminating this worker.
 * @module
 */
import { fieldError, PlaygroundError } from './errors.js';
import { fitModel, readData, rowCount, type ReadData } from './fit.js';
import type { DataFile } from './model.js';
import type { FromWorker, ToWorker } from './protocol.js';

const scope = self as unknown as { postMessage(message: FromWorker): void; onmessage: ((event: MessageEvent<ToWorker>) => void) | null };

let file: DataFile | null = null;
/** The file read with the categorical columns it was read with (re-read when they change). */
let read: { categorical: string; data: ReadData } | null = null;

function readAs(categorical: string[]): ReadData {
  const key = JSON.stringify([...categorical].sort());
  if (!read || read.categorical !== key) {
    if (file === null) throw new PlaygroundError('data', 'no data file has been read yet; drop or pick a CSV file');
    read = { categorical: key, data: readData(file, categorical) };
  }
  return read.data;
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'data') {
    file = message.file;
    read = null;
    let data: ReadData;
    try {
      // read as the file has it, so a categorical column the file lacks is no error here
      data = readAs([]);
    } catch (error) {
      scope.postMessage({ type: 'data-error', error: fieldError(error, { formula: '', family: '', columns: {}, categorical: [], strategy: 'auto' }) });
      return;
    }
    scope.postMessage({ type: 'columns', name: file.name, rows: rowCount(data), columns: data.columns, kinds: data.kinds });
    // read it again as the model wants it, ready for the fit
    const wanted = message.categorical.filter((c) => data.columns.includes(c));
    try {
      if (wanted.length > 0) readAs(wanted);
    } catch {
      // the fit reads it again and reports the error beside its field
    }
    return;
  }
  const { id, options, graph } = message;
  try {
    if (!file) throw new PlaygroundError('data', 'no data yet: drop or pick a CSV file first');
    scope.postMessage({ type: 'stage', id, stage: { text: 'reading the data' } });
    const data = readAs(options.categorical);
    const results = fitModel(data, options, { dataName: file.name, graph }, {
      stage: (stage) => scope.postMessage({ type: 'stage', id, stage }),
      summaries: (summaries) => scope.postMessage({ type: 'summaries', id, results: summaries }),
    });
    scope.postMessage({ type: 'result', id, results });
  } catch (error) {
    scope.postMessage({ type: 'fit-error', id, error: fieldError(error, options) });
  }
};
