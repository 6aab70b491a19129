import * as fs from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { threadId } from "node:worker_threads";

let tmpCounter = 0;

/** Writes a file through a temporary name in the same directory and rename(2): all or nothing. */
export async function atomicWrite(file: string, data: string | Buffer): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}-${threadId}-${++tmpCounter}.tmp`);
  await fs.writeFile(tmp, data);
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
