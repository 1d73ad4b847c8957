// Preloaded into a whole-process run (node --import): prints the process's peak resident memory when it exits.
process.on('exit', () => process.stderr.write(`\nHLM_BENCH_MAXRSS_KIB ${process.resourceUsage().maxRSS}\n`));
