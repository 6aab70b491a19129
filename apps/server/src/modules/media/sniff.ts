// What a file really is, from its bytes rather than its name: an upload called report.pdf that is
// an executable is refused whatever its extension says.

export type Kind = "pdf" | "doc" | "docx" | "xls" | "xlsx" | "wps" | "ofd" | "jpg" | "png" | "gif" | "mp4" | "zip";

export const MIME: Record<Kind, string> = {
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  wps: "application/vnd.ms-works",
  ofd: "application/ofd",
  jpg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  mp4: "video/mp4",
  zip: "application/zip",
};

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

/** Names of the entries of a ZIP archive, read from its central directory. */
export function zipEntryNames(b: Uint8Array): string[] {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  // End of central directory: last 22..65557 bytes.
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) !== 0x06054b50) continue;
    const count = buf.readUInt16LE(i + 10);
    let p = buf.readUInt32LE(i + 16);
    const names: string[] = [];
    for (let n = 0; n < count && p + 46 <= buf.length && buf.readUInt32LE(p) === 0x02014b50; n++) {
      const nameLen = buf.readUInt16LE(p + 28);
      const extra = buf.readUInt16LE(p + 30);
      const comment = buf.readUInt16LE(p + 32);
      names.push(buf.subarray(p + 46, p + 46 + nameLen).toString("utf8"));
      p += 46 + nameLen + extra + comment;
    }
    return names;
  }
  return [];
}

/** The kind of the file, or null when it is none of the kinds we accept. */
export function sniff(bytes: Uint8Array, extension: string): Kind | null {
  const ext = extension.toLowerCase().replace(/^\./, "");
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf"; // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return "gif";
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) return "mp4"; // ....ftyp
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // OLE compound file: Word 97, Excel 97 and WPS share the container; the name tells which.
    return ext === "xls" ? "xls" : ext === "wps" ? "wps" : "doc";
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const names = zipEntryNames(bytes);
    if (names.includes("[Content_Types].xml")) {
      if (names.some((n) => n.startsWith("word/"))) return "docx";
      if (names.some((n) => n.startsWith("xl/"))) return "xlsx";
    }
    if (names.some((n) => n.toUpperCase() === "OFD.XML")) return "ofd";
    return "zip";
  }
  return null;
}

