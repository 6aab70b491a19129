// The 办理记录 timeline of a case (letters, 依申请公开): one `history-entry` per step with its
// action code, Beijing time and who acted.
import { Timeline, Typography } from "antd";
import { fmtDateTime } from "../../lib/format";
import type { HistoryEntry } from "./api";

export function CaseHistory({ entries, color }: { entries: HistoryEntry[]; color?: (action: string) => string }) {
  return (
    <Timeline
      items={entries.map((h, i) => ({
        key: i,
        color: color?.(h.action),
        content: (
          <div data-testid="history-entry" data-action={h.action}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="history-at">
              {fmtDateTime(h.at)}
              {h.actorName ? ` · ${h.actorName}` : ""}
            </Typography.Text>
            <div>{h.summary}</div>
          </div>
        ),
      }))}
    />
  );
}
