// 常用答复模板: the unit's (and platform-wide) reply templates, inserted into drafts on the case page.
import { useState } from "react";
import { Alert, App, Button, Card, Empty, Form, Input, List, Modal, Popconfirm, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useMe } from "../../auth/session";
import { useFormSubmit } from "../../lib/forms";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { ikeys, useTemplates } from "./api";
import { useAction } from "./useAction";

export default function TemplatesPage() {
  const { data: me } = useMe();
  const list = useTemplates();
  const [open, setOpen] = useState(false);
  const del = useAction([ikeys.templates], "模板已删除");
  const { message } = App.useApp();
  return (
    <>
      <PageHeader
        title="常用答复模板"
        description="本单位常用的答复用语，起草答复时可一键插入后修改。只能删除本单位的模板。"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="template-new">
            新增模板
          </Button>
        }
      />
      <Card size="small">
        {list.isError ? (
          <PageError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <List
            loading={list.isPending}
            dataSource={list.data ?? []}
            data-testid="template-list"
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无模板" /> }}
            renderItem={(t) => (
              <List.Item
                data-testid="template-item"
                actions={
                  t.unitId === me?.user.unitId
                    ? [
                        <Popconfirm key="d" title="删除该模板？" okText="删除" cancelText="取消" onConfirm={() => del.mutateAsync({ path: `/api/interaction/templates/${t.id}`, method: "DELETE" }).catch((e: Error) => message.error(e.message))}>
                          <Button type="link" danger size="small" data-testid="template-delete">
                            删除
                          </Button>
                        </Popconfirm>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={
                    <>
                      {t.title} {t.unitId ? null : <Tag>全平台</Tag>}
                    </>
                  }
                  description={<Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }} ellipsis={{ rows: 3, expandable: true, symbol: "展开" }}>{t.body}</Typography.Paragraph>}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      {open ? <TemplateModal onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function TemplateModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<{ title: string; body: string }>();
  const save = useAction([ikeys.templates], "模板已保存");
  const { error, submit: send } = useFormSubmit(form, ["title", "body"]);
  const submit = async () => {
    if (await send((v) => save.mutateAsync({ path: "/api/interaction/templates", body: v }))) onClose();
  };
  return (
    <Modal open title="新增常用答复模板" onCancel={onClose} onOk={() => void submit()} okText="保存" cancelText="取消" okButtonProps={{ loading: save.isPending, "data-testid": "template-submit" }}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical">
        <Form.Item name="title" label="模板名称" rules={[{ required: true, min: 2, message: "请填写模板名称" }]}>
          <Input maxLength={60} placeholder="如：道路积水类答复" data-testid="template-title" />
        </Form.Item>
        <Form.Item name="body" label="模板内容" rules={[{ required: true, min: 10, message: "模板内容不少于 10 个字" }]}>
          <Input.TextArea rows={8} maxLength={5000} showCount data-testid="template-body" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
