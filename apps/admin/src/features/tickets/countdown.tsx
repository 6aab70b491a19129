// The time left on an open ticket, ticking every 30 seconds: red once overdue, orange in the last
// hour (severe tickets have one hour in all) or the last day, green otherwise.
import { useEffect, useState } from "react";
import { Tag, Tooltip } from "antd";
import { fmtDateTime } from "../../lib/format";
import type { TicketRow } from "./api";

function left(ms: number): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  if (d) return `${d} 天 ${h} 小时`;
  if (h) return `${h} 小时 ${m} 分`;
  return `${m} 分钟`;
}

export function TicketCountdown({ t }: { t: Pick<TicketRow, "status" | "dueAt" | "statusName"> }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (t.status !== "open") return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [t.status]);
  if (t.status !== "open") return <span style={{ color: "#8c8c8c" }}>{t.statusName}</span>;
  const ms = new Date(t.dueAt).getTime() - now;
  const tone = ms <= 0 ? "overdue" : ms <= 3_600_000 || ms <= 86_400_000 ? "soon" : "ok";
  const color = { overdue: "red", soon: "orange", ok: "green" }[tone];
  return (
    <Tooltip title={`整改时限：${fmtDateTime(t.dueAt)}（北京时间）`}>
      <Tag color={color} data-testid="ticket-countdown" data-tone={tone}>
        {ms <= 0 ? `已超期 ${left(ms)}` : `剩余 ${left(ms)}`}
      </Tag>
    </Tooltip>
  );
}
