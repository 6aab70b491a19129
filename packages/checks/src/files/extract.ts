/**
 * Text out of files: .txt, .md, .html/.htm, .docx (mammoth) and .pdf (unpdf, a serverless
 * build of PDF.js with no native parts). For DOCX and PDF, findings point into the
 * extracted text: one paragraph (DOCX) or one text line (PDF) per line, pages separated
 * by a form feed so that findings can name their page.
 */
import { extname } from "node:path";

export type FileFormat = "text" | "html" | "docx" | "pdf";

export const SUPPORTED_EXTENSIONS: Record<string, FileFormat> = {
  ".txt": "text",
  ".md": "text",
  ".markdown": "text",
  ".html": "html",
  ".htm": "html",
  ".shtml": "html",
  ".docx": "docx",
  ".pdf": "pdf",
};

export function formatOf(name: string): FileFormat | undefined {
  return SUPPORTED_EXTENSIONS[extname(name).toLowerCase()];
}

export interface ExtractedFile {
  format: FileFormat;
  /** Text to check (for HTML: the source itself, checked with checkHtml). */
  text: string;
  /** For PDF: the offset where each page starts. */
  pageStarts?: number[];
}

export class UnsupportedFileError extends Error {
  constructor(name: string) {
    super(`不支持的文件类型：${name}（支持 ${Object.keys(SUPPORTED_EXTENSIONS).join("、")}）`);
    this.name = "UnsupportedFileError";
  }
}

export async function extractFile(name: string, bytes: Uint8Array): Promise<ExtractedFile> {
  const format = formatOf(name);
  switch (format) {
    case "text":
    case "html":
      return { format, text: decodeText(bytes) };
    case "docx":
      return { format, text: await docxText(bytes) };
    case "pdf":
      return { format, ...(await pdfText(bytes)) };
    default:
      throw new UnsupportedFileError(name);
  }
}

/** UTF-8, with a fallback to GB18030 for files saved by older office software. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

async function docxText(bytes: Uint8Array): Promise<string> {
  const mammoth = await import("mammoth");
  const extract = (mammoth.default ?? mammoth).extractRawText;
  const { value } = await extract({ buffer: Buffer.from(bytes) });
  // mammoth ends every paragraph with a blank line; one line per paragraph reads better.
  return value.replace(/\n\n/g, "\n").replace(/\n+$/, "");
}

async function pdfText(bytes: Uint8Array): Promise<{ text: string; pageStarts: number[] }> {
  const { extractText, getDocumentProxy } = await import("unpdf");
  // PDF.js takes ownership of the buffer it is given; pass a copy.
  const document = await getDocumentProxy(new Uint8Array(bytes));
  try {
    const { text } = await extractText(document, { mergePages: false });
    const pageStarts: number[] = [];
    let joined = "";
    text.forEach((page, i) => {
      if (i > 0) joined += "\f\n";
      pageStarts.push(joined.length);
      joined += page;
    });
    return { text: joined, pageStarts };
  } finally {
    await document.destroy();
  }
}
