// Starts a private clamd for tests, with a signature database made here that knows only the
// EICAR test string: nothing is downloaded. Debian's clamav-daemon must be installed (.ci/run does).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import net from "node:net";

export const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

export async function startClamd(): Promise<{ socket: string; stop(): void }> {
  const bin = ["/usr/sbin/clamd", "/usr/bin/clamd"].find((p) => existsSync(p));
  if (!bin) throw new Error("clamd is not installed: apt-get install clamav-daemon (see .ci/run)");
  const dir = mkdtempSync(path.join(tmpdir(), "govsite-clamd-"));
  mkdirSync(path.join(dir, "db"), { recursive: true });
  // A body signature (any file type, any offset) for the EICAR string.
  writeFileSync(path.join(dir, "db", "govsite-test.ndb"), `Govsite.Test.EICAR:0:*:${Buffer.from(EICAR).toString("hex")}\n`);
  const socket = path.join(dir, "clamd.sock");
  writeFileSync(
    path.join(dir, "clamd.conf"),
    [`Foreground yes`, `LocalSocket ${socket}`, `DatabaseDirectory ${path.join(dir, "db")}`, `LogFile ${path.join(dir, "clamd.log")}`, `User ${process.getuid?.() === 0 ? "root" : (process.env.USER ?? "root")}`].join("\n") + "\n",
  );
  const child: ChildProcess = spawn(bin, [`--config-file=${path.join(dir, "clamd.conf")}`], { stdio: "ignore" });
  for (let i = 0; i < 300; i++) {
    if (await ping(socket)) return { socket, stop: () => child.kill("SIGTERM") };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`clamd did not start (see ${path.join(dir, "clamd.log")})`);
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (!existsSync(socket)) return resolve(false);
    const s = net.connect({ path: socket });
    let data = "";
    s.on("connect", () => s.write("zPING\0"));
    s.on("data", (d) => (data += d.toString()));
    s.on("close", () => resolve(data.includes("PONG")));
    s.on("error", () => resolve(false));
  });
}
