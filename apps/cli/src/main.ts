#!/usr/bin/env node
/**
 * The `hlm` command. Exit codes: 0 fitted, 2 bad input or usage, 1 numerical failure; an error is one line on
 * stderr (a formula error adds the formula and a caret under the fault), never a stack trace.
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseCommand, UsageError, type FitArgs } from './args.js';
import { exitCodeOf, forCommandLine } from './errors.js';
import { fitModel, tableColumn, type FitRequest } from './fit-model.js';
import { formatReport } from './format.js';
import { StagedFile, StagedFolder } from './output.js';
import { predictionsCsv } from './predictions.js';
import { Progress } from './progress.js';
import { readCsvTable } from '@hlm/design';
import { posteriorSamples } from '@hlm/inla';
import { samplesCsv } from './samples.js';

function readInput(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new UsageError(`cannot read the ${what} '${path}': ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : (e.code ?? e.message)}`);
  }
}

function readControl(path: string): FitRequest['control'] {
  const text = new TextDecoder().decode(readInput(path, 'control file'));
  let control: unknown;
  try {
    control = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the control file '${path}' is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof control !== 'object' || control === null || Array.isArray(control)) {
    throw new UsageError(`the control file '${path}' must hold a JSON object such as {"compute": {"dic": true}}`);
  }
  return control as FitRequest['control'];
}

async function fit(args: FitArgs): Promise<void> {
  const progress = new Progress(args.quiet);
  const control = args.control === undefined ? undefined : readControl(args.control);
  if (args.graph !== undefined) readInput(args.graph, 'graph file');
  progress.stage('reading the data');
  const { table, columns } = readCsvTable(readInput(args.data, 'data file'), { categorical: args.categorical });
  const folder = args.out === undefined ? null : new StagedFolder(args.out);
  let json: StagedFile | null = null;
  try {
    json = args.json === undefined ? null : new StagedFile(args.json, '--json');
    progress.stage('fitting (mode of the hyperparameters, integration points, marginals, criteria)');
    const { fit: result, results } = fitModel(table, columns.length, {
      formula: args.formula,
      family: args.family,
      ...(args.ntrials !== undefined ? { Ntrials: args.ntrials } : {}),
      ...(args.E !== undefined ? { E: args.E } : {}),
      ...(args.scale !== undefined ? { scale: args.scale } : {}),
      ...(args.offset !== undefined ? { offset: args.offset } : {}),
      ...(args.weights !== undefined ? { weights: args.weights } : {}),
      ...(args.graph !== undefined ? { graph: args.graph } : {}),
      ...(args.strategy !== undefined ? { strategy: args.strategy } : {}),
      ...(args.intStrategy !== undefined ? { intStrategy: args.intStrategy } : {}),
      ...(control !== undefined ? { control } : {}),
      progress: (event) => progress.fit(event),
    });
    progress.done();
    if (!args.quiet) console.log(formatReport(results));
    for (const w of results.warnings) process.stderr.write(`warning: ${forCommandLine(w.message)}\n`);
    const resultsJson = `${JSON.stringify(results, null, 2)}\n`;
    if (folder) {
      progress.stage('writing the figures and the report');
      folder.write('results.json', resultsJson);
      // the figure code (jsdom, resvg) loads only when figures are written
      const [{ svgToPng }, { modelFigures }, { modelReportHtml }] = await Promise.all([import('@hlm/plots'), import('./figures.js'), import('./report.js')]);
      const figures = modelFigures(results);
      for (const figure of figures) {
        folder.write(`${figure.name}.svg`, figure.svg);
        folder.write(`${figure.name}.png`, svgToPng(figure.svg));
      }
      folder.write('report.html', modelReportHtml(results, figures));
      const response = tableColumn(table, results.model.response);
      const missing: number[] = [];
      for (let i = 0; i < response.length; i++) if (response[i] === null) missing.push(i);
      if (missing.length > 0 && result.summaryFittedValues.length > 0) folder.write('predictions.csv', predictionsCsv(missing, result.summaryLinearPredictor, result.summaryFittedValues));
      if (args.samples !== undefined) folder.write('samples.csv', samplesCsv(posteriorSamples(result, args.samples, { seed: 1 })));
      folder.commit();
      progress.done();
      if (!args.quiet) {
        const extra = [missing.length > 0 ? 'predictions.csv' : '', args.samples !== undefined ? 'samples.csv' : ''].filter((f) => f !== '');
        console.log(`\nWrote results.json, ${figures.length} figures (.svg, .png), report.html${extra.map((f) => `, ${f}`).join('')} to ${folder.target}`);
      }
    }
    json?.commit(resultsJson);
  } finally {
    folder?.discard();
    json?.discard();
  }
}

async function main(argv: string[]): Promise<number> {
  const command = parseCommand(argv);
  if (command.kind === 'help') {
    console.log(command.text);
    return 0;
  }
  if (command.kind === 'version') {
    console.log('hlm 0.1.0');
    return 0;
  }
  await fit(command.args);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const e = error as Error & { code?: string; pointer?: string };
    const [first = ''] = String(e?.message ?? error).split('\n');
    const message = forCommandLine(first);
    process.stderr.write(`hlm: error: ${message}\n${e?.pointer ? `${e.pointer}\n` : ''}`);
    process.exitCode = exitCodeOf(error);
  },
);
