import { useMemo, useState } from "react";
import { App, Button, Checkbox, Flex, Table, Tag, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { download, errorMessage } from "../../lib/api";
import { columnPath, useColumns } from "../../lib/lookups";
import { fmtDate } from "../../lib/format";
import type { Column } from "../../lib/types";
import { PageError } from "../../components/PageError";

interface Row extends Column {
  path: string;
  depth: number;
}

/** 栏目设置管理清单: content, update cycle, responsible unit and person of every column. */
export function ColumnListView({ siteId, siteName }: { siteId: string; siteName: string }) {
  const columns = useColumns(siteId);
  const { message } = App.useApp();
  const [withArchived, setWithArchived] = useState(false);
  const [exporting, setExporting] = useState(false);

  const rows = useMemo<Row[]>(() => {
    const all = columns.data ?? [];
    // Depth-first, in tree order, so the list reads like the site's navigation.
    const out: Row[] = [];
    const walk = (parent: string | null, depth: number) => {
      for (const c of all.filter((x) => x.parentId === parent).sort((a, b) => a.sort - b.sort)) {
        out.push({ ...c, path: columnPath(all, c.id), depth });
        walk(c.id, depth + 1);
      }
    };
    walk(null, 0);
    const ids = new Set(out.map((r) => r.id));
    for (const c of all) if (!ids.has(c.id)) out.push({ ...c, path: columnPath(all, c.id), depth: 0 });
    return withArchived ? out : out.filter((r) => !r.archived);
  }, [columns.data, withArchived]);

  const doExport = async () => {
    setExporting(true);
    try {
      await download(`/api/sites/${siteId}/columns/export`, `${siteName}栏目设置管理清单.xlsx`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  if (columns.isError) return <PageError error={columns.error} onRetry={() => void columns.refetch()} />;

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} wrap gap={8}>
        <Typography.Text type="secondary">
          共 {rows.length} 个栏目。清单载明各栏目的内容、更新周期、责任单位和责任人，可导出报送。
        </Typography.Text>
        <Flex gap={12} align="center">
          <Checkbox checked={withArchived} onChange={(e) => setWithArchived(e.target.checked)}>
            含已归档栏目
          </Checkbox>
          <Button icon={<DownloadOutlined />} onClick={() => void doExport()} loading={exporting} data-testid="column-export">
            导出Excel
          </Button>
        </Flex>
      </Flex>
      <Table<Row>
        rowKey="id"
        size="small"
        bordered
        loading={columns.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100 }}
        columns={[
          { title: "序号", key: "no", width: 56, align: "center", render: (_: unknown, __: Row, i: number) => i + 1 },
          {
            title: "栏目名称",
            dataIndex: "path",
            width: 240,
            render: (_: string, r) => (
              <span style={{ paddingLeft: r.depth * 14 }}>
                {r.depth > 0 ? <Typography.Text type="secondary">└ </Typography.Text> : null}
                {r.name}
                {r.externalUrl ? <Tag style={{ marginLeft: 6 }}>外链</Tag> : null}
              </span>
            ),
          },
          { title: "栏目类型", dataIndex: "columnType", width: 130 },
          { title: "栏目内容", dataIndex: "description", render: (v: string) => v || <Typography.Text type="secondary">未填写</Typography.Text> },
          {
            title: "更新周期",
            key: "cycle",
            width: 130,
            render: (_: unknown, r) => (
              <span>
                {r.categoryName}
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.intervalDays ? `每 ${r.intervalDays} 天` : "不定期"}
                </Typography.Text>
              </span>
            ),
          },
          { title: "责任单位", dataIndex: "responsibleUnitName", width: 170 },
          {
            title: "责任人",
            dataIndex: "responsibleUserName",
            width: 90,
            render: (v: string | null) => v ?? <Typography.Text type="danger">未指定</Typography.Text>,
          },
          {
            title: "状态",
            key: "state",
            width: 110,
            render: (_: unknown, r) => (r.archived ? <Tag>已归档 {fmtDate(r.archivedAt)}</Tag> : <Tag color="green">正常</Tag>),
          },
        ]}
      />
    </>
  );
}
