#!/usr/bin/env -S npx tsx
/** Stand-alone entry for `govsite monitor`: npx tsx packages/monitor/bin/monitor.ts 网址 [选项] */
import { runMonitor } from "../src/cli.ts";

process.exitCode = await runMonitor(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  progress: process.stderr.isTTY === true,
});
