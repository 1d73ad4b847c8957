/**
 * The playground page: the form, the fit's Web Worker, the results.
 * @module
 */
import { parseFormula } from '@hlm/design';
import { families } from '@hlm/likelihood';
import electionCsvUrl from '../../../data/election_1988.csv?url';
import { fieldError, type Field, type FieldError } from './errors.js';
import { drawFigures } from './figures.js';
import type { GraphFile, ModelOptions, Strategy } from './model.js';
import type { FitStage } from './fit.js';
import type { FromWorker, ToWorker } from './protocol.js';
import type { FitResults } from './results.js';
import { formatNumber, resultTables, tableCsv, type Table } from './tables.js';
import { decodeOptions, encodeOptions } from './url-state.js';
import './style.css';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

/** `value`, which the page always has (`what`); an Error naming it if it does not. */
function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`the page has no ${what}`);
  return value;
}
const form = $<HTMLFormElement>('model-form');
const dataFile = $<HTMLInputElement>('data-file');
const dropZone = $('drop-zone');
const formula = $<HTMLTextAreaElement>('formula');
const family = $<HTMLSelectElement>('family');
const strategy = $<HTMLSelectElement>('strategy');
const categorical = $('categorical');
const graphFile = $<HTMLInputElement>('graph-file');
const fitButton = $<HTMLButtonElement>('fit');
const cancelButton = $<HTMLButtonElement>('cancel');
const progress = $('progress');
const stage = $('stage');
const resultsSection = $('results');

/** The data file's columns as the worker read them. */
let columns: { name: string; rows: number; columns: string[]; kinds: Record<string, 'numeric' | 'categorical'> } | null = null;
let dataText: { name: string; text: string } | null = null;
let graph: GraphFile | null = null;
let options: ModelOptions = decodeOptions(location.hash);

// ---------------------------------------------------------------- the worker

let worker: Worker;
let fitId = 0;
let running: { id: number; started: number; timer: number } | null = null;

function startWorker(): void {
  worker = new Worker(new URL('./fit.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<FromWorker>) => onWorkerMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    finishFit();
    showError({ field: 'fit', message: `the fit's worker failed: ${event.message || 'unknown error'}`, name: 'Error', code: 'worker' });
  };
  if (dataText) post({ type: 'data', file: dataText, categorical: options.categorical });
}

function post(message: ToWorker): void {
  worker.postMessage(message);
}

function onWorkerMessage(message: FromWorker): void {
  switch (message.type) {
    case 'columns':
      columns = message;
      options.categorical = options.categorical.filter((c) => message.columns.includes(c));
      showColumns();
      return;
    case 'data-error':
      columns = null;
      showColumns();
      showError(message.error);
      return;
    case 'stage':
      if (running?.id === message.id) showStage(message.stage);
      return;
    case 'fit-error':
      if (running?.id !== message.id) return;
      finishFit();
      showError(message.error);
      return;
    case 'summaries':
      if (running?.id !== message.id) return;
      showSummaries(message.results, running.started);
      return;
    case 'result':
      if (running?.id !== message.id) return;
      showCriteria(message.results);
      return;
  }
}

// ---------------------------------------------------------------- the form

function fillForm(): void {
  formula.value = options.formula;
  family.replaceChildren(...[...families.values()].map((f) => new Option(`${f.name} (${f.link})`, f.name)));
  // a family the URL names that the registry lacks stays selectable, so the fit can say so beside the field
  if (!families.has(options.family)) family.append(new Option(options.family, options.family));
  family.value = options.family;
  strategy.value = options.strategy;
  showFamilyColumns();
}

/** Reads the form into `options` and keeps them in the URL. */
function readForm(): void {
  // the column fields are filled once the data is read; until then they keep what the URL said
  const loaded = columns !== null;
  const chosen = Object.fromEntries([...document.querySelectorAll<HTMLSelectElement>('select[data-family-column]')].flatMap((s) => (s.dataset.familyColumn === undefined ? [] : [[s.dataset.familyColumn, s.value]])));
  options = {
    formula: formula.value.trim(),
    family: family.value,
    columns: loaded ? { ...options.columns, ...chosen } : options.columns,
    categorical: loaded ? [...categorical.querySelectorAll<HTMLInputElement>('input:checked:not(:disabled)')].map((c) => c.value) : options.categorical,
    strategy: strategy.value as Strategy,
  };
  history.replaceState(null, '', `#${encodeOptions(options)}`);
}

/**
 * One field per column the chosen family reads (binomial: Ntrials; poisson, nbinomial: E; gaussian: scale), each a
 * select of the data's numeric columns, or the family's default for every row.
 */
function showFamilyColumns(): void {
  document.querySelectorAll('.family-column').forEach((field) => field.remove());
  const chosen = families.get(family.value);
  const fields = (chosen?.columns ?? []).map((column) => {
    const field = document.createElement('div');
    field.className = 'field family-column';
    field.id = `field-${column.name}`;
    const label = document.createElement('label');
    label.htmlFor = `column-${column.name}`;
    label.textContent = `${column.name} column`;
    label.title = column.doc;
    const select = document.createElement('select');
    select.id = `column-${column.name}`;
    select.dataset.familyColumn = column.name;
    select.addEventListener('change', () => {
      clearErrors(column.name);
      readForm();
    });
    fillColumnSelect(select, `${column.fallback} for every row`, options.columns[column.name] ?? '');
    const error = document.createElement('p');
    error.className = 'error';
    error.id = `${column.name}-error`;
    error.setAttribute('role', 'alert');
    error.hidden = true;
    field.append(label, select, error);
    return field;
  });
  $('field-family').after(...fields);
}

/** A column select: the default (`none`) and the numeric columns, keeping `chosen` even when the data lacks it. */
function fillColumnSelect(select: HTMLSelectElement, none: string, chosen: string): void {
  select.replaceChildren(new Option(none, ''));
  const read = columns;
  const names = read ? read.columns.filter((c) => read.kinds[c] === 'numeric') : [];
  if (chosen !== '' && !names.includes(chosen)) names.push(chosen);
  for (const name of names) select.append(new Option(name, name));
  select.value = chosen;
}

function showColumns(): void {
  const status = $('data-status');
  if (!columns) {
    status.textContent = 'No data: drop or pick a CSV file.';
    fitButton.disabled = true;
    return;
  }
  const { kinds } = columns;
  const preloaded = status.dataset.source === 'preloaded' ? ' (preloaded: the 1988 election survey of Gelman & Hill)' : '';
  status.textContent = `${columns.name}${preloaded}: ${columns.rows} rows; columns ${columns.columns.join(', ')}`;
  showFamilyColumns();
  categorical.replaceChildren(
    ...columns.columns.map((name) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = name;
      // a column of labels is always categorical; a numeric one is when ticked
      box.disabled = kinds[name] === 'categorical' && !options.categorical.includes(name);
      box.checked = box.disabled || options.categorical.includes(name);
      label.append(box, ` ${name}`);
      return label;
    }),
  );
  fitButton.disabled = running !== null;
}

/** Hides every field's error, or only `field`'s. */
function clearErrors(field?: Field): void {
  const boxes = field ? [document.getElementById(`${field}-error`)] : [...form.querySelectorAll<HTMLElement>('.error')];
  for (const box of boxes) if (box) box.hidden = true;
  const fields = field ? [document.getElementById(`field-${field}`)] : [...form.querySelectorAll<HTMLElement>('.invalid')];
  for (const f of fields) f?.classList.remove('invalid');
}

/** Shows `error` beside its field; a formula error marks the character at fault. */
function showError(error: FieldError): void {
  // a column field of another family than the one chosen now: beside the Fit button
  if (!document.getElementById(`${error.field}-error`)) error = { ...error, field: 'fit' };
  const box = $(`${error.field}-error`);
  $(`field-${error.field}`).classList.add('invalid');
  box.hidden = false;
  box.dataset.code = error.code;
  if (error.field !== 'formula') {
    box.textContent = error.message;
    return;
  }
  $('formula-message').textContent = error.message;
  delete box.dataset.position;
  delete box.dataset.length;
  const echo = $('formula-echo');
  const text = formula.value;
  if (error.position === undefined) {
    echo.hidden = true;
    return;
  }
  // the formula as parsed (the field's value, trimmed) with the character at fault marked
  const offset = text.indexOf(text.trim());
  const at = offset + error.position;
  const end = at + (error.length ?? 1);
  const mark = document.createElement('mark');
  mark.textContent = text.slice(at, end) || ' ';
  echo.replaceChildren(text.slice(0, at), mark, text.slice(end));
  echo.hidden = false;
  box.dataset.position = String(error.position);
  box.dataset.length = String(error.length ?? 1);
}

/** Parses the formula as it is typed; false (with the error shown) when it does not parse. */
function checkFormula(): boolean {
  clearErrors('formula');
  try {
    parseFormula(formula.value.trim());
    return true;
  } catch (error) {
    showError(fieldError(error, options));
    return false;
  }
}

// ---------------------------------------------------------------- data and graph files

/** Hands a data file to the worker; `source` says whether it is the preloaded election data or the user's file. */
function loadData(name: string, text: string, source: 'preloaded' | 'file'): void {
  if (running) cancelFit('the data changed');
  clearErrors('data');
  dataText = { name, text };
  columns = null;
  $('data-status').textContent = `Reading ${name}…`;
  $('data-status').dataset.source = source;
  post({ type: 'data', file: dataText, categorical: options.categorical });
}

async function loadDataFile(file: File): Promise<void> {
  loadData(file.name, await file.text(), 'file');
}

dataFile.addEventListener('change', () => {
  const file = dataFile.files?.[0];
  if (file) void loadDataFile(file);
});
for (const type of ['dragenter', 'dragover']) {
  dropZone.addEventListener(type, (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  });
}
for (const type of ['dragleave', 'drop']) dropZone.addEventListener(type, () => dropZone.classList.remove('dragging'));
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  const file = (event as DragEvent).dataTransfer?.files[0];
  if (file) void loadDataFile(file);
});

graphFile.addEventListener('change', async () => {
  clearErrors('graph');
  const file = graphFile.files?.[0];
  graph = file ? { name: file.name, text: await file.text() } : null;
  $('graph-status').textContent = graph ? `${graph.name} (${graph.text.length} characters)` : '';
});

// ---------------------------------------------------------------- fitting

function fit(): void {
  readForm();
  clearErrors();
  if (!checkFormula()) {
    formula.focus();
    const { position, length } = $('formula-error').dataset;
    if (position !== undefined) formula.setSelectionRange(Number(position), Number(position) + Number(length ?? 1));
    return;
  }
  if (!columns) {
    showError({ field: 'data', message: 'no data yet: drop or pick a CSV file first', name: 'PlaygroundError', code: 'invalid-input' });
    return;
  }
  const id = ++fitId;
  const started = performance.now();
  const timer = window.setInterval(() => {
    stage.textContent = `${stage.dataset.stage ?? 'starting'} · ${((performance.now() - started) / 1000).toFixed(1)} s`;
  }, 100);
  running = { id, started, timer };
  // the previous fit's results stay readable, dimmed, until this one's arrive
  resultsSection.classList.add('stale');
  delete resultsSection.dataset.fitMs;
  delete resultsSection.dataset.doneMs;
  showStage({ text: 'starting' });
  progress.hidden = false;
  fitButton.disabled = true;
  cancelButton.disabled = false;
  $('fit-status').textContent = '';
  post({ type: 'fit', id, options, graph });
}

/** The fit's step beside the progress bar, which fills when the step's size is known and runs otherwise. */
function showStage(step: FitStage): void {
  stage.dataset.stage = step.text;
  stage.textContent = step.text;
  const bar = required(progress.querySelector('progress'), 'progress bar');
  if (step.fraction === undefined) bar.removeAttribute('value');
  else bar.value = step.fraction;
}

function finishFit(): void {
  if (running) window.clearInterval(running.timer);
  resultsSection.classList.remove('stale');
  running = null;
  progress.hidden = true;
  cancelButton.disabled = true;
  fitButton.disabled = columns === null;
}

/** Stops a running fit by terminating its worker, and starts a fresh one with the data. */
function cancelFit(why: string): void {
  if (!running) return;
  worker.terminate();
  finishFit();
  $('fit-status').textContent = `Fit cancelled (${why}).`;
  startWorker();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  fit();
});
cancelButton.addEventListener('click', () => cancelFit('cancel pressed'));
formula.addEventListener('input', () => {
  readForm();
  checkFormula();
});
formula.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});
family.addEventListener('change', () => {
  clearErrors('family');
  readForm();
  showFamilyColumns();
});
strategy.addEventListener('change', () => readForm());
categorical.addEventListener('change', () => {
  clearErrors('categorical');
  readForm();
});

// ---------------------------------------------------------------- results

function download(name: string, type: string, content: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([content], { type }));
  a.download = name;
  a.textContent = name;
  a.className = 'download';
  return a;
}

function tableElement(table: Table): HTMLElement {
  const el = document.createElement('table');
  el.id = table.id;
  const head = el.createTHead().insertRow();
  for (const column of table.columns) {
    const th = document.createElement('th');
    th.textContent = column;
    th.scope = 'col';
    head.append(th);
  }
  const body = el.createTBody();
  for (const row of table.rows) {
    const tr = body.insertRow();
    tr.dataset.name = String(row[0]);
    row.forEach((cell, j) => {
      const td = document.createElement(j === 0 ? 'th' : 'td');
      if (j === 0) (td as HTMLTableCellElement).scope = 'row';
      if (typeof cell === 'number') {
        td.textContent = formatNumber(cell);
        td.dataset.value = String(cell); // every digit, for copying and for checks
        td.className = 'number';
      } else {
        td.textContent = cell;
      }
      const column = table.columns[j];
      if (column) td.dataset.column = column;
      tr.append(td);
    });
  }
  const section = document.createElement(table.folded ? 'details' : 'section');
  section.className = 'table';
  const heading = document.createElement(table.folded ? 'summary' : 'h3');
  heading.textContent = `${table.heading}${table.folded ? ` (${table.rows.length} rows)` : ''}`;
  section.append(heading);
  if (table.note) {
    const note = document.createElement('p');
    note.className = 'hint';
    note.textContent = table.note;
    section.append(note);
  }
  const scroller = document.createElement('div');
  scroller.className = 'scroll';
  scroller.append(el);
  section.append(scroller, download(`${table.id}.csv`, 'text/csv', tableCsv(table)));
  return section;
}

/** The summaries, as soon as INLA is done: every table (the criteria still computing), then the figures. */
function showSummaries(results: FitResults, started: number): void {
  $('downloads').replaceChildren();
  $('tables').replaceChildren(...resultTables(results).map(tableElement));
  $('figures').replaceChildren();
  delete $('figures').dataset.ready;
  resultsSection.hidden = false;
  resultsSection.classList.remove('stale');
  const tablesMs = performance.now() - started;
  resultsSection.dataset.fitMs = tablesMs.toFixed(1);
  const warnings = results.warnings.length > 0 ? ` Warnings: ${results.warnings.map((w) => w.message).join('; ')}` : '';
  $('fit-status').textContent = `Tables in ${(tablesMs / 1000).toFixed(2)} s (INLA ${Math.round(results.timing.fit_ms)} ms in the worker).${warnings}`;
  // figures after the tables have been painted
  requestAnimationFrame(() => setTimeout(() => showFigures(results), 0));
}

/** The whole result: the criteria table filled in, and results.json to download. */
function showCriteria(results: FitResults): void {
  const criteria = required(resultTables(results).find((t) => t.id === 'criteria') ?? null, 'criteria table');
  required($('criteria').closest('.table'), 'criteria table').replaceWith(tableElement(criteria));
  $('downloads').replaceChildren(download('results.json', 'application/json', JSON.stringify(results, null, 2)));
  const doneMs = performance.now() - required(running, 'running fit').started;
  resultsSection.dataset.doneMs = doneMs.toFixed(1);
  $('fit-status').textContent += ` Criteria done at ${(doneMs / 1000).toFixed(2)} s.`;
  finishFit();
}

function showFigures(results: FitResults): void {
  const figures = $('figures');
  try {
    const elements = drawFigures(results).map((figure) => {
      const el = document.createElement('figure');
      el.id = `figure-${figure.id}`;
      el.innerHTML = figure.svg;
      const caption = document.createElement('figcaption');
      caption.textContent = `${figure.caption} `;
      caption.append(download(`${figure.id}.svg`, 'image/svg+xml', figure.svg));
      el.append(caption);
      return el;
    });
    figures.replaceChildren(...elements);
    figures.dataset.ready = 'true';
  } catch (error) {
    showError({ field: 'fit', message: `the figures could not be drawn: ${(error as Error).message}`, name: 'Error', code: 'figures' });
  }
}

// ---------------------------------------------------------------- start

fillForm();
startWorker();
checkFormula();
void fetch(electionCsvUrl)
  .then((response) => response.text())
  .then((text) => {
    if (!dataText) loadData('election_1988.csv', text, 'preloaded');
  });
if ('serviceWorker' in navigator && import.meta.env.PROD) void navigator.serviceWorker.register('./sw.js').catch(() => {});
