#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader: the packages of this repository are
// consumed as source (docs/adr/0002-typescript-without-build.md).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../apps/server/src/cli/index.ts");
await main();
