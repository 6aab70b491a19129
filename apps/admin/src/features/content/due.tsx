// Deadline countdowns: how long is left, or how long it is overdue (in red).
import { useEffect, useState } from "react";
import { Tooltip, Typography } from "antd";
import { fmtDateTime } from "../../lib/format";

function span(ms: number): string {
  const m = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (m < 60) return `${m} 分钟`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} 小时${m % 60 ? ` ${m % 60} 分` : ""}`;
  return `${Math.floor(h / 24)} 天 ${h % 24} 小时`;
}

/** Re-renders every 30 seconds so the countdown moves. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(t);
  }, []);
  return now;
}

export function DueCountdown({ dueAt, overdue, prefix = "" }: { dueAt: string | null; overdue?: boolean; prefix?: string }) {
  const now = useNow();
  if (!dueAt) return <Typography.Text type="secondary">—</Typography.Text>;
  const left = new Date(dueAt).getTime() - now;
  const late = overdue || left <= 0;
  return (
    <Tooltip title={`办理时限：${fmtDateTime(dueAt)}（北京时间）`}>
      <span className={late ? "gs-overdue" : undefined} data-testid="due-countdown" data-overdue={late ? "true" : "false"}>
        {prefix}
        {late ? `已超期 ${span(left)}` : `剩余 ${span(left)}`}
      </span>
    </Tooltip>
  );
}
