// 年度报告表三「收到和处理政府信息公开申请情况」for a year, laid out as in the annual-report
// format, with the balance check and an Excel export.
import { useState } from "react";
import { Alert, App, Button, Card, InputNumber, Space, Table, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { api, download } from "../../lib/api";
import { bj } from "../../lib/format";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { dkeys } from "./api";
import { tableRows, type AnnualTable } from "./table3";

export default function AnnualTablePage() {
  const [year, setYear] = useState(() => bj().year());
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const q = useQuery({ queryKey: dkeys.table(year), queryFn: () => api.get<AnnualTable>("/api/disclosure/annual-table", { year }) });
  const t = q.data;
  const cols = t ? Object.entries(t.columns) : [];
  const rows = t ? tableRows(t) : [];
  const exportXlsx = async () => {
    setBusy(true);
    try {
      await download("/api/disclosure/annual-table/export", `${year}年政府信息公开申请情况（表三）.xlsx`, { year });
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader
        title="年度报告表三"
        description="收到和处理政府信息公开申请情况，按《中华人民共和国政府信息公开工作年度报告格式》统计本人可见范围内的申请。"
        extra={
          <Space>
            <InputNumber min={2019} max={2100} value={year} onChange={(v) => v && setYear(v)} addonAfter="年度" data-testid="table3-year" />
            <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void exportXlsx()} data-testid="table3-export">
              导出 Excel
            </Button>
          </Space>
        }
      />
      {q.isError ? <PageError error={q.error} onRetry={() => void q.refetch()} /> : null}
      {t ? (
        <Card size="small">
          {t.checks.收办平衡 ? (
            <Alert type="success" showIcon title="勾稽关系核对：一 + 二 = 三（七）+ 四，各列均平衡。" style={{ marginBottom: 12 }} data-testid="table3-balanced" />
          ) : (
            <Alert type="error" showIcon title="勾稽关系不平衡，请核查各申请的办理结果。" style={{ marginBottom: 12 }} />
          )}
          <Table
            rowKey="label"
            size="small"
            bordered
            pagination={false}
            dataSource={rows}
            data-testid="table3"
            columns={[
              {
                title: "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和",
                dataIndex: "label",
                render: (v: string, r) => <Typography.Text strong={r.level === 0} style={{ paddingLeft: r.level * 16 }}>{v}</Typography.Text>,
              },
              ...cols.map(([k, name], i) => ({
                title: i === 0 || k === "total" ? name : `法人或其他组织·${name}`,
                key: k,
                width: 96,
                align: "right" as const,
                render: (_: unknown, r: (typeof rows)[number]) => (r.cells.length ? r.cells[i] : ""),
              })),
            ]}
          />
        </Card>
      ) : null}
    </>
  );
}
