// Working-day countdowns of open stages (转办, 答复, 补正告知 …): green while there is time, orange
// when two working days or fewer remain, red once overdue, grey while paused (third-party
// consultation, waiting for 补正).
import { Tag, Tooltip } from "antd";
import { fmtDateTime } from "../../lib/format";
import type { Countdown } from "./api";

export function countdownTone(c: Countdown): "overdue" | "soon" | "ok" | "paused" {
  if (c.paused) return "paused";
  if (c.overdue) return "overdue";
  if ((c.remainingWorkdays ?? 0) <= 2) return "soon";
  return "ok";
}

const COLORS = { overdue: "red", soon: "orange", ok: "green", paused: "default" } as const;

function text(c: Countdown): string {
  if (c.paused) return `${c.stageName}：暂停计时`;
  const n = c.remainingWorkdays ?? 0;
  if (c.overdue) return `${c.stageName}：已超期${n ? ` ${Math.abs(n)} 个工作日` : ""}`;
  if (n <= 0) return `${c.stageName}：今日到期`;
  return `${c.stageName}：剩余 ${n} 个工作日`;
}

export function StageCountdown({ c }: { c: Countdown }) {
  const tone = countdownTone(c);
  return (
    <Tooltip title={c.dueAt ? `期限：${fmtDateTime(c.dueAt)}（北京时间，按工作日计算）` : "征求意见或等待补正期间不计入办理期限"}>
      <Tag color={COLORS[tone]} data-testid="stage-countdown" data-stage={c.stage} data-tone={tone} data-overdue={c.overdue ? "true" : "false"} style={{ marginBottom: 2 }}>
        {text(c)}
      </Tag>
    </Tooltip>
  );
}

export function Countdowns({ items, empty = "—" }: { items: Countdown[]; empty?: string }) {
  if (!items.length) return <span style={{ color: "#8c8c8c" }}>{empty}</span>;
  return (
    <>
      {items.map((c) => (
        <StageCountdown key={c.stage} c={c} />
      ))}
    </>
  );
}
