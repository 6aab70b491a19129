#!/usr/bin/env -S npx tsx
/** Stand-alone entry for `govsite lint`: npx tsx packages/checks/bin/lint.ts [选项] 路径… */
import { runLint } from "../src/lint.ts";

process.exitCode = await runLint(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
});
