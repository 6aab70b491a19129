// A minimal clamd client (INSTREAM over a Unix socket or TCP), so attachments are scanned for
// viruses before they can be published (酉阳 第二十九条). No signatures are downloaded here:
// clamd runs with whatever database the operator installs.
import net from "node:net";

export interface ScanResult {
  clean: boolean;
  signature?: string;
}

export function parseClamdAddress(addr: string): net.NetConnectOpts {
  const m = /^(?:tcp:\/\/)?([\w.-]+):(\d+)$/.exec(addr);
  return m ? { host: m[1]!, port: Number(m[2]) } : { path: addr.replace(/^unix:\/\//, "") };
}

export function scanWithClamd(addr: string, bytes: Uint8Array, timeoutMs = 30_000): Promise<ScanResult> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(parseClamdAddress(addr));
    let reply = "";
    const timer = setTimeout(() => socket.destroy(new Error("病毒扫描服务响应超时")), timeoutMs);
    socket.on("connect", () => {
      socket.write("zINSTREAM\0");
      const chunk = 64 * 1024;
      for (let i = 0; i < bytes.length; i += chunk) {
        const part = bytes.subarray(i, Math.min(bytes.length, i + chunk));
        const len = Buffer.alloc(4);
        len.writeUInt32BE(part.length);
        socket.write(len);
        socket.write(part);
      }
      socket.write(Buffer.alloc(4));
    });
    socket.on("data", (d) => (reply += d.toString("utf8")));
    socket.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      const text = reply.replace(/\0/g, "").trim();
      if (/: OK$/.test(text)) resolve({ clean: true });
      else if (/FOUND$/.test(text)) resolve({ clean: false, signature: text.replace(/^.*?: /, "").replace(/ FOUND$/, "") });
      else reject(new Error(`病毒扫描服务返回异常：${text || "无响应"}`));
    });
  });
}
