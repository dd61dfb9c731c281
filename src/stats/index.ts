// Public exports of src/stats. Each module adds its own export lines here.
export { summarize, rowMeans, rowVariances, mean, variance, type RowSummary } from './summary.js';
