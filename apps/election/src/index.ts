export { readElectionCsv, ElectionDataError, ELECTION_COLUMNS } from './data.js';
export { fitElection, ELECTION_FORMULA, ELECTION_MODEL } from './fit.js';
export { formatReport } from './format.js';
export type { ElectionResults } from './results.js';
