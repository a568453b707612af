// Preloaded into the CLI process by the benchmark (node -r): writes the process's peak resident
// memory (maxRSS, in KB) to the file named by FHIRIQ_RSS_FILE when it exits.
const fs = require('node:fs');
process.on('exit', () => {
  if (process.env.FHIRIQ_RSS_FILE) fs.writeFileSync(process.env.FHIRIQ_RSS_FILE, String(process.resourceUsage().maxRSS));
});
