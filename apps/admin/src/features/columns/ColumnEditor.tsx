import { useMemo, useState } from "react";
import { Alert, App, Button, Card, Col, Form, Input, Popconfirm, Row, Select, Space, Tag, TreeSelect, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { requestWithStatus, errorMessage } from "../../lib/api";
import { clean, formError } from "../../lib/forms";
import { buildTree, columnPath, keys, unitTreeOptions, useColumnMeta, useUnits, useUsers } from "../../lib/lookups";
import { fmtDateTime } from "../../lib/format";
import type { Column } from "../../lib/types";
import { useCan } from "../../auth/session";

export const REQUEST_SUBMITTED = "已提交栏目调整申请，待主管单位审批";

interface Values {
  parentId: string | null;
  name: string;
  slug: string;
  columnType?: string;
  category?: string;
  responsibleUnitId?: string;
  responsibleUserId: string | null;
  description: string;
  keywords: string[];
  externalUrl: string | null;
  reason?: string;
}

const fieldNames = [
  "parentId",
  "name",
  "slug",
  "columnType",
  "category",
  "responsibleUnitId",
  "responsibleUserId",
  "description",
  "keywords",
  "externalUrl",
  "reason",
];

function subtree(columns: Column[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of columns) {
      if (c.parentId && out.has(c.parentId) && !out.has(c.id)) {
        out.add(c.id);
        grew = true;
      }
    }
  }
  return out;
}

export function ColumnEditor({
  siteId,
  columns,
  column,
  parentId,
  defaultUnitId,
  editable,
  onCreated,
  onDeleted,
  onAddChild,
}: {
  siteId: string;
  columns: Column[];
  column: Column | undefined;
  parentId: string | null | undefined;
  /** For a new top-level column: the site's owner unit. */
  defaultUnitId?: string;
  editable: boolean;
  onCreated: (id: string | null) => void;
  onDeleted: () => void;
  onAddChild: (parentId: string) => void;
}) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const can = useCan();
  const meta = useColumnMeta();
  const units = useUnits();
  const [error, setError] = useState<string | null>(null);
  const unitId = Form.useWatch("responsibleUnitId", form);
  const users = useUsers({ unitId, status: "active" }, !!unitId && editable);
  const isNew = !column;
  // Without the right to change columns directly, every change goes to the supervising office.
  const viaRequest = !can("column.manage") && can("column.request");

  const initial = useMemo<Values>(() => {
    if (column) {
      return {
        parentId: column.parentId,
        name: column.name,
        slug: column.slug,
        columnType: column.columnType,
        category: column.category,
        responsibleUnitId: column.responsibleUnitId,
        responsibleUserId: column.responsibleUserId,
        description: column.description,
        keywords: column.keywords,
        externalUrl: column.externalUrl,
      };
    }
    const parent = parentId ? columns.find((c) => c.id === parentId) : undefined;
    return {
      parentId: parentId ?? null,
      name: "",
      slug: "",
      columnType: parent?.columnType,
      category: parent?.category,
      responsibleUnitId: parent?.responsibleUnitId ?? defaultUnitId,
      responsibleUserId: null,
      description: "",
      keywords: [],
      externalUrl: null,
    };
  }, [column, parentId, columns, defaultUnitId]);

  const parentTree = useMemo(() => {
    const excluded = column ? subtree(columns, column.id) : new Set<string>();
    return buildTree(
      columns.filter((c) => !excluded.has(c.id)),
      (c) => ({ title: c.name }),
    );
  }, [columns, column]);

  const invalidate = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: keys.columns(siteId) }),
      qc.invalidateQueries({ queryKey: ["column-requests"] }),
    ]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: Record<string, unknown> = clean(v as unknown as Record<string, unknown>, [
        "parentId",
        "responsibleUserId",
        "externalUrl",
      ]);
      if (!body["slug"]) delete body["slug"];
      if (!body["reason"]) delete body["reason"];
      return column
        ? requestWithStatus<{ column?: Column }>(`/api/columns/${column.id}`, { method: "PATCH", body })
        : requestWithStatus<{ column?: Column }>(`/api/sites/${siteId}/columns`, { method: "POST", body });
    },
    onSuccess: async (res) => {
      await invalidate();
      if (res.status === 202) {
        message.info(REQUEST_SUBMITTED);
        if (isNew) onCreated(null);
        return;
      }
      message.success(column ? "栏目设置已保存" : "栏目已新增");
      if (isNew) onCreated(res.data?.column?.id ?? null);
    },
    onError: (e) => setError(formError(form, e, fieldNames)),
  });

  const archive = useMutation({
    mutationFn: (archived: boolean) =>
      requestWithStatus(`/api/columns/${column?.id}/archive`, { method: "POST", body: { archived } }),
    onSuccess: async (res, archived) => {
      await invalidate();
      message[res.status === 202 ? "info" : "success"](res.status === 202 ? REQUEST_SUBMITTED : archived ? "栏目已归档" : "已取消归档");
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const remove = useMutation({
    mutationFn: () => requestWithStatus(`/api/columns/${column?.id}`, { method: "DELETE" }),
    onSuccess: async (res) => {
      await invalidate();
      if (res.status === 202) message.info(REQUEST_SUBMITTED);
      else {
        message.success("栏目已删除");
        onDeleted();
      }
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const categories = meta.data?.categories ?? [];
  const title = column ? columnPath(columns, column.id) : parentId ? `新增下级栏目（${columnPath(columns, parentId)}）` : "新增一级栏目";

  return (
    <Card
      size="small"
      title={
        <Space>
          <span>{title}</span>
          {column?.archived ? <Tag>已于 {fmtDateTime(column.archivedAt)} 归档</Tag> : null}
        </Space>
      }
      extra={
        column && editable ? (
          <Space size={4}>
            <Button size="small" icon={<PlusOutlined />} onClick={() => onAddChild(column.id)} data-testid="column-new-child">
              新增下级栏目
            </Button>
            <Popconfirm
              title={column.archived ? "取消归档后栏目恢复正常更新考核，确定吗？" : "归档后栏目停止更新，页面标注“已归档”，确定归档吗？"}
              okText="确定"
              onConfirm={() => archive.mutateAsync(!column.archived)}
            >
              <Button size="small" loading={archive.isPending}>
                {column.archived ? "取消归档" : "归档"}
              </Button>
            </Popconfirm>
            <Popconfirm
              title="确定删除该栏目吗？"
              description="栏目下有下级栏目或信息时不能删除，建议改为归档。"
              okText="删除"
              okButtonProps={{ danger: true }}
              onConfirm={() => remove.mutateAsync()}
            >
              <Button size="small" danger loading={remove.isPending}>
                删除
              </Button>
            </Popconfirm>
          </Space>
        ) : null
      }
    >
      {viaRequest ? (
        <Alert
          type="info"
          showIcon
          title="栏目的新增、调整和归档须报主管单位审批，审批通过后生效。"
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} closable={{ onClose: () => setError(null) }} />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        disabled={!editable}
        initialValues={initial}
        onFinish={(v) => {
          setError(null);
          save.mutate(v);
        }}
        onValuesChange={(changed: Partial<Values>) => {
          if ("responsibleUnitId" in changed) form.setFieldValue("responsibleUserId", null);
        }}
        name="column"
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label="栏目名称" name="name" rules={[{ required: true, whitespace: true, message: "请填写栏目名称" }]}>
              <Input maxLength={30} placeholder="如：通知公告" data-testid="column-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="上级栏目" name="parentId">
              <TreeSelect
                treeData={parentTree}
                allowClear
                showSearch
                treeNodeFilterProp="title"
                treeDefaultExpandAll
                placeholder="不选则为一级栏目"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="栏目类型" name="columnType" rules={[{ required: true, message: "请选择栏目类型" }]} tooltip="按政府网站发展指引的栏目分类">
              <Select
                loading={meta.isPending}
                showSearch
                placeholder="请选择"
                options={(meta.data?.columnTypes ?? []).map((t) => ({ value: t, label: t }))}
                data-testid="column-type"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="更新类别" name="category" rules={[{ required: true, message: "请选择更新类别" }]} tooltip="决定栏目的更新周期，依据本地网站管理办法">
              <Select
                loading={meta.isPending}
                placeholder="请选择"
                data-testid="column-category"
                options={categories.map((c) => ({
                  value: c.key,
                  label: c.intervalDays ? `${c.name}（每 ${c.intervalDays} 天至少更新一次）` : `${c.name}（不定期）`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="责任单位" name="responsibleUnitId" rules={[{ required: true, message: "请选择责任单位" }]}>
              {units.isError ? (
                <Select disabled options={column ? [{ value: column.responsibleUnitId, label: column.responsibleUnitName }] : []} />
              ) : (
                <TreeSelect
                  treeData={unitTreeOptions(units.data)}
                  showSearch
                  treeNodeFilterProp="title"
                  treeDefaultExpandAll
                  placeholder="请选择"
                  loading={units.isPending}
                  data-testid="column-unit"
                />
              )}
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="责任人" name="responsibleUserId" extra={users.isError ? "无权查看该单位人员，可由站点管理员指定" : undefined}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                disabled={!unitId || users.isError}
                loading={users.isFetching}
                placeholder={unitId ? "请选择" : "请先选择责任单位"}
                options={
                  users.data
                    ? users.data.map((u) => ({ value: u.id, label: `${u.realName}${u.title ? `（${u.title}）` : ""}` }))
                    : column?.responsibleUserId
                      ? [{ value: column.responsibleUserId, label: column.responsibleUserName ?? "" }]
                      : []
                }
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="栏目说明" name="description" tooltip="说明栏目发布的内容范围，同时用作页面描述（description）">
              <Input.TextArea rows={2} maxLength={200} showCount placeholder="如：发布本县各类通知、公告、公示信息" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="关键词" name="keywords" tooltip="用作页面关键词（keywords），输入后按回车">
              <Select mode="tags" tokenSeparators={[",", "，", "、", " "]} placeholder="输入后按回车" open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label="栏目路径"
              name="slug"
              extra={column ? undefined : "留空则按栏目名称拼音自动生成"}
              rules={[{ pattern: /^[a-z0-9][a-z0-9-]*$/, message: "只能使用小写字母、数字和连字符" }]}
            >
              <Input maxLength={60} style={{ fontFamily: "monospace" }} placeholder="tzgg" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              label="外链地址"
              name="externalUrl"
              extra="填写后该栏目直接链接到此地址（如上级平台的专栏），不在本站发布信息"
              rules={[{ type: "url", message: "请填写以 http:// 或 https:// 开头的完整地址" }]}
            >
              <Input placeholder="https://" />
            </Form.Item>
          </Col>
          {viaRequest ? (
            <Col span={24}>
              <Form.Item label="申请理由" name="reason" rules={[{ required: true, whitespace: true, message: "请填写申请理由" }]}>
                <Input.TextArea rows={2} maxLength={300} placeholder="如：根据机构改革调整，新设栏目发布乡村振兴工作动态" />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        {editable ? (
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="column-submit">
              {viaRequest ? "提交申请" : isNew ? "新增栏目" : "保存"}
            </Button>
            <Button onClick={() => form.resetFields()}>重置</Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">您只有查看权限。</Typography.Text>
        )}
      </Form>
    </Card>
  );
}
