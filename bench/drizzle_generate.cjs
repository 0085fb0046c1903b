// Times drizzle-kit's generateMigration(prev, cur) (its programmatic API,
// drizzle-kit/api) on two snapshot files, JSON.parse included (pgkit's timing
// includes reading its jsonb arguments too).
//   node bench/drizzle_generate.cjs DIR_WITH_NODE_MODULES A.json B.json RUNS
// Prints: "median_wall_ms median_cpu_ms statements".
const fs = require('fs');
const path = require('path');
const [dir, a, b, runs] = process.argv.slice(2);
const { generateMigration } = require(path.join(dir, 'node_modules/drizzle-kit/api.js'));
const median = (v) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
(async () => {
  const ta = fs.readFileSync(a, 'utf8'), tb = fs.readFileSync(b, 'utf8');
  const wall = [], cpu = [];
  let n = 0;
  for (let i = 0; i < Number(runs); i++) {
    const t0 = process.hrtime.bigint(), c0 = process.cpuUsage();
    const out = await generateMigration(JSON.parse(ta), JSON.parse(tb));
    const c = process.cpuUsage(c0);
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cpu.push((c.user + c.system) / 1e3);
    n = out.length;
  }
  console.log(median(wall).toFixed(1), median(cpu).toFixed(1), n);
})().catch((e) => { console.error(e); process.exit(1); });
