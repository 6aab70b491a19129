// Attachments and images: size limit, type from the bytes (not the name) against the profile's
// allowlist, virus scan through clamd, text extraction for checks and search, and storage by
// content hash. A refused file leaves nothing behind.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { media } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { AppError, forbidden, notFound } from "../../lib/errors.ts";
import { randomToken } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { MIME, sniff, type Kind } from "./sniff.ts";
import { scanWithClamd } from "./clamd.ts";

const KIND_NAMES: Record<Kind, string> = { pdf: "PDF", doc: "Word 97–2003", docx: "Word", xls: "Excel 97–2003", xlsx: "Excel", wps: "WPS", ofd: "OFD 版式文件", jpg: "JPEG 图片", png: "PNG 图片", gif: "GIF 图片", mp4: "MP4 视频", zip: "ZIP 压缩包" };
const EXTRACTABLE = new Set<Kind>(["pdf", "docx"]);

export const mediaDir = (svc: Services) => path.join(svc.config.dataDir, "media");
export const mediaPath = (svc: Services, sha: string, ext: string) => path.join(mediaDir(svc), sha.slice(0, 2), sha.slice(2, 4), `${sha}.${ext}`);

export function maxUploadBytes(svc: Services) {
  return svc.profile.values.media.maxUploadMb * 1024 * 1024;
}

/** Who may upload by default: editors, for documents. */
export function requireEditorUpload(actor: Actor) {
  if (!actor.assignments.some((a) => a.role === "editor")) throw forbidden("只有信息员可以上传附件。");
}

/**
 * Stores an uploaded file. `authorize` is the caller's permission check (editors by default); the
 * checks on the file itself (size, type, virus scan) and the audit record are the same for all.
 */
export async function uploadMedia(svc: Services, actor: Actor, file: { filename: string; bytes: Buffer; truncated?: boolean }, authorize: (actor: Actor) => void = requireEditorUpload) {
  authorize(actor);
  const limitMb = svc.profile.values.media.maxUploadMb;
  if (file.truncated || file.bytes.length > maxUploadBytes(svc)) throw new AppError("PAYLOAD_TOO_LARGE", `文件超过 ${limitMb} MB 的大小限制，未保存。`);
  if (file.bytes.length === 0) throw new AppError("VALIDATION_FAILED", "文件是空的，未保存。");
  const name = path.basename(file.filename || "未命名").slice(0, 200);
  const ext = path.extname(name).slice(1).toLowerCase();
  const kind = sniff(file.bytes, ext);
  const allowed = svc.profile.values.media.allowedTypes as Kind[];
  if (!kind || !allowed.includes(kind)) {
    throw new AppError("VALIDATION_FAILED", `不支持的文件类型（按文件内容识别${kind ? `为 ${KIND_NAMES[kind]}` : "不属于允许的类型"}），未保存。允许上传：${allowed.map((k) => KIND_NAMES[k]).join("、")}。`);
  }
  const sameFamily: Record<string, Kind[]> = { jpeg: ["jpg"], jpg: ["jpg"], doc: ["doc"], docx: ["docx"], xls: ["xls"], xlsx: ["xlsx"], wps: ["wps"], ofd: ["ofd"], pdf: ["pdf"], png: ["png"], gif: ["gif"], mp4: ["mp4"], zip: ["zip"] };
  if (!(sameFamily[ext] ?? []).includes(kind)) {
    throw new AppError("VALIDATION_FAILED", `文件扩展名“.${ext || "无"}”与实际内容（${KIND_NAMES[kind]}）不符，未保存。请确认文件后重新上传。`);
  }
  let scan: "clean" | "not_scanned" = "not_scanned";
  if (svc.config.clamdSocket) {
    let result;
    try {
      result = await scanWithClamd(svc.config.clamdSocket, file.bytes);
    } catch (err) {
      throw new AppError("INTERNAL", `病毒扫描服务不可用，文件未保存，请稍后重试。（${(err as Error).message}）`);
    }
    if (!result.clean) {
      await svc.db.transaction((tx) => recordAudit(tx, auditActorOf(actor), { action: "media.virus_refused", targetType: "media", summary: `上传的文件“${name}”含有病毒或恶意代码（${result.signature}），已拒绝` }));
      throw new AppError("VALIDATION_FAILED", `文件“${name}”检测出病毒或恶意代码（${result.signature}），已拒绝上传，未保存。`);
    }
    scan = "clean";
  }
  let text = "";
  if (EXTRACTABLE.has(kind)) {
    try {
      text = (await svc.checker().checkFile({ name: `x.${kind}`, bytes: file.bytes })).text;
    } catch {
      text = ""; // an unreadable PDF is still a valid attachment; it just has no searchable text
    }
  }
  const sha = createHash("sha256").update(file.bytes).digest("hex");
  const target = mediaPath(svc, sha, kind);
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomToken(6)}.tmp`;
    await writeFile(tmp, file.bytes);
    await rename(tmp, target);
  }
  return svc.db.transaction(async (tx) => {
    const [m] = await tx.insert(media).values({ sha256: sha, size: file.bytes.length, mime: MIME[kind], ext: kind, originalName: name, text: text.slice(0, 1_000_000), scan, uploadedBy: actor.userId }).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "media.upload", targetType: "media", targetId: m!.id, summary: `上传附件：${name}（${KIND_NAMES[kind]}，${Math.ceil(file.bytes.length / 1024)} KB${scan === "clean" ? "，病毒扫描通过" : "，未配置病毒扫描"}）` });
    return { ...m!, kindName: KIND_NAMES[kind] };
  });
}

export async function readMedia(svc: Services, id: string) {
  const [m] = await svc.db.select().from(media).where(eq(media.id, id));
  if (!m) throw notFound("附件");
  return { media: m, bytes: await readFile(mediaPath(svc, m.sha256, m.ext)) };
}
