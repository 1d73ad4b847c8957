export { readElectionCsv, ElectionDataError, ELECTION_COLUMNS } from './data.js';
export { fitElection, ELECTION_MODEL } from './fit.js';
export { formatReport } from './format.js';
export { summariseData } from './summary.js';
export type { ElectionResults } from './results.js';
