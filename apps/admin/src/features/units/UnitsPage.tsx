import { useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Card, Col, Empty, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Tag, Tree, TreeSelect } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { applyIssues, clean } from "../../lib/forms";
import { buildTree, keys, useUnits } from "../../lib/lookups";
import { unitTypeLabels } from "../../lib/labels";
import type { Unit, UnitType } from "../../lib/types";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { useCan } from "../../auth/session";

type Selection = { mode: "edit"; id: string } | { mode: "new"; parentId: string | null } | null;

interface UnitForm {
  parentId: string | null;
  name: string;
  shortName: string;
  type: UnitType;
  code: string;
  leader: string;
  phone: string;
  address: string;
  sort: number;
}

const typeOptions = Object.entries(unitTypeLabels).map(([value, label]) => ({ value, label }));

function descendants(units: Unit[], id: string): Set<string> {
  const out = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units) {
      if (u.parentId && out.has(u.parentId) && !out.has(u.id)) {
        out.add(u.id);
        grew = true;
      }
    }
  }
  return out;
}

export default function UnitsPage() {
  const units = useUnits();
  const can = useCan();
  const editable = can("unit.manage");
  const [sel, setSel] = useState<Selection>(null);
  const [search, setSearch] = useState("");

  const list = units.data ?? [];
  const byId = useMemo(() => new Map(list.map((u) => [u.id, u])), [list]);

  const treeData = useMemo(() => {
    const q = search.trim();
    const visible = q
      ? list.filter((u) => u.name.includes(q) || u.shortName.includes(q) || u.leader.includes(q))
      : list;
    return buildTree(visible, (u) => ({ title: u.name }));
  }, [list, search]);

  if (units.isError) return <PageError error={units.error} onRetry={() => void units.refetch()} />;

  const selectedUnit = sel?.mode === "edit" ? byId.get(sel.id) : undefined;

  return (
    <>
      <PageHeader
        title="单位管理"
        description="维护本级政府网站集约化平台涉及的主管、承办和协办单位，单位是账号、站点和栏目责任的归属。"
        extra={
          editable ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setSel({ mode: "new", parentId: null })}>
              新增单位
            </Button>
          ) : null
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={9}>
          <Card title="组织架构" loading={units.isPending} styles={{ body: { maxHeight: "calc(100vh - 240px)", overflow: "auto" } }}>
            <Input.Search
              placeholder="按单位名称、简称或负责人查找"
              allowClear
              onChange={(e) => setSearch(e.target.value)}
              style={{ marginBottom: 12 }}
            />
            {treeData.length ? (
              <Tree
                key={search ? "search" : "all"}
                showLine
                blockNode
                defaultExpandAll
                treeData={treeData}
                selectedKeys={sel?.mode === "edit" ? [sel.id] : []}
                onSelect={(k) => k[0] && setSel({ mode: "edit", id: String(k[0]) })}
                titleRender={(n) => {
                  const u = byId.get(String(n.key));
                  return (
                    <span>
                      {u?.name ?? String(n.title)}{" "}
                      {u ? (
                        <Tag style={{ marginInlineStart: 4 }} variant="filled">
                          {unitTypeLabels[u.type] ?? u.type}
                        </Tag>
                      ) : null}
                    </span>
                  );
                }}
              />
            ) : (
              <Empty description={search ? "没有符合条件的单位" : "尚未录入单位"} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          {sel ? (
            <UnitEditor
              key={sel.mode === "edit" ? sel.id : `new-${sel.parentId ?? "root"}`}
              units={list}
              unit={selectedUnit}
              parentId={sel.mode === "new" ? sel.parentId : undefined}
              editable={editable}
              onSaved={(id) => setSel({ mode: "edit", id })}
              onDeleted={() => setSel(null)}
              onAddChild={(parentId) => setSel({ mode: "new", parentId })}
            />
          ) : (
            <Card>
              <Empty description="请在左侧选择单位查看或修改；新增单位请点右上角“新增单位”。" />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}

function UnitEditor({
  units,
  unit,
  parentId,
  editable,
  onSaved,
  onDeleted,
  onAddChild,
}: {
  units: Unit[];
  unit: Unit | undefined;
  parentId: string | null | undefined;
  editable: boolean;
  onSaved: (id: string) => void;
  onDeleted: () => void;
  onAddChild: (parentId: string) => void;
}) {
  const [form] = Form.useForm<UnitForm>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const isNew = !unit;

  useEffect(() => {
    form.setFieldsValue(
      unit
        ? { ...unit }
        : { parentId: parentId ?? null, name: "", shortName: "", type: "department", code: "", leader: "", phone: "", address: "", sort: 0 },
    );
  }, [unit, parentId, form]);

  const parentTree = useMemo(() => {
    const excluded = unit ? descendants(units, unit.id) : new Set<string>();
    return buildTree(
      units.filter((u) => !excluded.has(u.id)),
      (u) => ({ title: u.name }),
    );
  }, [units, unit]);

  const save = useMutation({
    mutationFn: (v: UnitForm) => {
      const body = clean(v as unknown as Record<string, unknown>, ["parentId"]);
      return unit ? api.patch<unknown>(`/api/units/${unit.id}`, body) : api.post<unknown>("/api/units", body);
    },
    onSuccess: async (res) => {
      message.success(unit ? "单位信息已保存" : "单位已新增");
      await qc.invalidateQueries({ queryKey: keys.units });
      const r = res as { id?: string; unit?: { id?: string } } | undefined;
      const id = unit?.id ?? r?.unit?.id ?? r?.id;
      if (id) onSaved(id);
    },
    onError: (e) => {
      const rest = applyIssues(form, e, Object.keys(form.getFieldsValue(true) as object));
      setError(rest.length ? rest.join("；") : errorMessage(e));
    },
  });

  const del = useMutation({
    mutationFn: () => api.del(`/api/units/${unit?.id}`),
    onSuccess: async () => {
      message.success("单位已删除");
      await qc.invalidateQueries({ queryKey: keys.units });
      onDeleted();
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  return (
    <Card
      title={isNew ? "新增单位" : unit.name}
      extra={
        unit && editable ? (
          <Space>
            <Button icon={<PlusOutlined />} onClick={() => onAddChild(unit.id)}>
              新增下级单位
            </Button>
            <Popconfirm
              title="确定删除该单位吗？"
              description="单位下仍有账号、站点或下级单位时不能删除。"
              okText="删除"
              okButtonProps={{ danger: true }}
              onConfirm={() => del.mutate()}
            >
              <Button danger loading={del.isPending}>
                删除
              </Button>
            </Popconfirm>
          </Space>
        ) : null
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} closable={{ onClose: () => setError(null) }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={!editable}
        onFinish={(v) => {
          setError(null);
          save.mutate(v);
        }}
        onValuesChange={() => error && setError(null)}
      >
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item label="上级单位" name="parentId">
              <TreeSelect treeData={parentTree} allowClear treeDefaultExpandAll placeholder="不选则为顶级单位" showSearch treeNodeFilterProp="title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item label="单位名称" name="name" rules={[{ required: true, whitespace: true, message: "请填写单位全称" }]}>
              <Input placeholder="如：示范县人力资源和社会保障局" maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item label="单位简称" name="shortName" rules={[{ required: true, whitespace: true, message: "请填写单位简称" }]}>
              <Input placeholder="如：县人社局" maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item label="单位类型" name="type" rules={[{ required: true, message: "请选择单位类型" }]}>
              <Select options={typeOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item
              label="统一社会信用代码"
              name="code"
              rules={[{ required: true, whitespace: true, message: "请填写统一社会信用代码或组织机构代码" }]}
              tooltip="用于生成政府信息公开索引号"
            >
              <Input maxLength={18} style={{ fontFamily: "monospace" }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="主要负责人" name="leader">
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="联系电话" name="phone">
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="排序号" name="sort" tooltip="数字越小越靠前">
              <InputNumber min={0} max={9999} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="办公地址" name="address">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        {editable ? (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {isNew ? "新增" : "保存"}
          </Button>
        ) : null}
      </Form>
    </Card>
  );
}
