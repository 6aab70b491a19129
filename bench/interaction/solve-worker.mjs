// Solves ALTCHA v1 challenges (sha256(salt + n) = challenge) as the browser widget does.
import { parentPort } from "node:worker_threads";
import { createHash } from "node:crypto";

parentPort.on("message", (batch) => {
  const out = batch.map((c) => {
    const max = c.maxnumber ?? 1_000_000;
    for (let n = 0; n <= max; n++) {
      if (createHash("sha256").update(c.salt + n).digest("hex") === c.challenge) {
        return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature })).toString("base64");
      }
    }
    return null;
  });
  parentPort.postMessage(out);
});
