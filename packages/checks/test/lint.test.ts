import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLint } from "../src/lint.ts";
import { docx, pdf } from "./fixtures.ts";

/** Runs the linter as the command line would, capturing its output. */
async function lint(argv: string[], stdin = "") {
  let stdout = "";
  let stderr = "";
  const code = await runLint(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from([Buffer.from(stdin)]),
  });
  return { code, stdout, stderr };
}

let dir: string;
const ID = "110101199003074514"; // valid check character

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "govsite-lint-"));
  mkdirSync(join(dir, "通知公告"));
  mkdirSync(join(dir, "政策文件", "附件"), { recursive: true });
  writeFileSync(
    join(dir, "通知公告", "index.html"),
    `<!doctype html><html><head><title>示范县人民政府</title></head><body>
<h1>关于召开保密工作会议的通知</h1>
<p>各乡镇人民政府、街道办事处：</p>
<p>联系人：张某，手机 <b>13912345678</b>。</p>
<p><a href="javascript:alert(1)">点击查看</a> <img src="a.png" alt="会场照片"></p>
</body></html>`,
  );
  writeFileSync(
    join(dir, "政策文件", "附件", "名单.docx"),
    docx(["2023年度低保对象名单", `张某某，身份证号${ID}，桃源镇。`, "请各单位抓紧布署。"]),
  );
  writeFileSync(join(dir, "政策文件", "报告.pdf"), pdf([["示范县2023年工作报告", "全面推进乡村振兴。"], ["机密★1年", "第二页正文。"]]));
  writeFileSync(join(dir, "政策文件", "说明.txt"), "本文件依据有关规定制定。\n");
  writeFileSync(join(dir, "政策文件", "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  mkdirSync(join(dir, "clean"));
  writeFileSync(join(dir, "clean", "a.md"), "# 示范县简介\n\n游客在天安门广场观看升旗仪式。\n");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("govsite lint", () => {
  it("checks a folder of HTML, DOCX and PDF recursively and exits 1 on block findings", async () => {
    const { code, stdout } = await lint([dir]);
    expect(code).toBe(1);
    // HTML: compiler-style position into the source, the line, a caret, the message.
    expect(stdout).toMatch(/通知公告\/index\.html:4:17: 严重 发现个人手机号码“13912345678”/);
    expect(stdout).toMatch(/index\.html:5:13: 严重 链接目标是脚本代码/);
    expect(stdout).toContain("建议：139****5678");
    // DOCX: positions in the extracted text, one paragraph per line.
    expect(stdout).toMatch(/名单\.docx:2:9: 严重 发现公民身份号码/);
    expect(stdout).toMatch(/名单\.docx:3:\d+: 警告 疑似错别字：“布署”应为“部署”/);
    // PDF: the marking on page 2.
    expect(stdout).toMatch(/报告\.pdf:\d+:1: 严重 发现密级标志“机密★1年”/);
    // Ordinary words stay quiet, unsupported files are skipped in folders.
    expect(stdout).not.toContain("保密工作会议");
    expect(stdout).not.toContain("logo.png");
  });

  it("puts a caret under the finding, counting Chinese characters as two columns", async () => {
    const { stdout } = await lint(["-"], "联系人：张某，手机13912345678。\n");
    const lines = stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("<标准输入>:1:"));
    expect(lines[at + 1]).toBe("  联系人：张某，手机13912345678。");
    // 联系人：张某，手机 = 9 wide characters = 18 columns.
    expect(lines[at + 2]).toBe(`  ${" ".repeat(18)}^${"~".repeat(10)}`);
  });

  it("prints JSON findings with their file and page", async () => {
    const { code, stdout } = await lint(["--format", "json", join(dir, "政策文件")]);
    expect(code).toBe(1);
    const findings = JSON.parse(stdout) as { file: string; rule: string; page?: number; severity: string }[];
    const marking = findings.find((f) => f.rule === "secret.marking");
    expect(marking?.file).toMatch(/报告\.pdf$/);
    expect(marking?.page).toBe(2);
    expect(findings.some((f) => f.rule === "pii.id-card" && f.file.endsWith("名单.docx"))).toBe(true);
  });

  it("exits 0 when nothing must block publication", async () => {
    const { code, stdout } = await lint([join(dir, "clean")]);
    expect(code).toBe(0);
    expect(stdout).toContain("未发现问题");
  });

  it("reads standard input and recognises HTML there", async () => {
    const { code, stdout } = await lint(["--format=json", "-"], '<p><a href="https://www.example.com/">友情链接</a></p>');
    expect(code).toBe(0);
    const findings = JSON.parse(stdout) as { rule: string; file: string }[];
    expect(findings.map((f) => f.rule)).toEqual(["link.non-gov"]);
    expect(findings[0]?.file).toBe("<标准输入>");
  });

  it("turns personal data into warnings in punishment notices", async () => {
    const { code, stdout } = await lint(["--kind", "punishment_notice", "-"], `当事人张某某，身份证号${ID}。`);
    expect(code).toBe(0);
    expect(stdout).toContain("警告 发现公民身份号码");
    expect(stdout).toContain("惩戒公示");
  });

  it("cites the chosen profile's regulation", async () => {
    const { stdout } = await lint(["--profile", "shizhu", "-"], "机密★1年\n");
    expect(stdout).toContain("《石柱土家族自治县人民政府网站和政务新媒体管理办法》第二十一条第（一）项");
  });

  it("loads a deployment's dictionaries with --dict", async () => {
    const leaders = join(dir, "leaders.txt");
    writeFileSync(leaders, "#! kind: leaders\n张明华\t县委书记\n");
    const { code, stdout } = await lint(["--dict", leaders, "-"], "县长张明华出席会议。");
    expect(code).toBe(1);
    expect(stdout).toContain("领导职务错误：张明华现任县委书记");
  });

  it.each([
    [[], "请指定要检查的文件"],
    [["--format", "xml", "a.txt"], "--format 只能是 text 或 json"],
    [["--profile", "beijing", "a.txt"], "未知的规范“beijing”"],
    [["--kind", "secret", "a.txt"], "--kind 只能是"],
    [["--verbose", "a.txt"], "未知选项“--verbose”"],
    [["-", "-"], "标准输入“-”只能出现一次"],
  ])("exits 2 with a Chinese usage message for %j", async (argv, message) => {
    const { code, stderr } = await lint(argv as string[]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain("用法：govsite lint");
  });

  it("exits 2 for a missing path or an unsupported file named explicitly", async () => {
    expect((await lint([join(dir, "没有这个文件.txt")])).code).toBe(2);
    const png = await lint([join(dir, "政策文件", "logo.png")]);
    expect(png.code).toBe(2);
    expect(png.stderr).toContain("不支持的文件类型");
  });

  it("prints help and exits 0", async () => {
    const { code, stdout } = await lint(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("退出码");
  });
});
