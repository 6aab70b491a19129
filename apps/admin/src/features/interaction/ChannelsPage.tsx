// 互动渠道: which leader mailboxes, kinds of letters, 依申请公开, 意见征集, 问卷调查 and 在线访谈 a
// site offers. Managed by the site's operating centre; a closed channel disappears from the
// public forms but its letters stay.
import { useState } from "react";
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { useFormSubmit } from "../../lib/forms";
import { useUnits } from "../../lib/lookups";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { ikeys, useInteractionMeta, type Channel } from "./api";
import { SitePicker } from "./SitePicker";
import { useAction } from "./useAction";

interface ChannelForm {
  kind: string;
  name: string;
  slug: string;
  leaderTitle?: string;
  description?: string;
  defaultUnitId?: string | null;
  publishReplies: boolean;
  enabled: boolean;
  sort: number;
}

export default function ChannelsPage() {
  const meta = useInteractionMeta();
  const sites = (meta.data?.sites ?? []).filter((s) => s.intake || meta.data?.scope.supervisor);
  const [siteId, setSiteId] = useState<string | undefined>();
  const [editing, setEditing] = useState<Channel | "new" | null>(null);
  const list = useQuery({
    queryKey: ikeys.channels(siteId ?? ""),
    queryFn: () => api.get<{ items: Channel[] }>(`/api/sites/${siteId}/interaction/channels`).then((r) => r.items),
    enabled: !!siteId,
  });
  const toggle = useAction([ikeys.channels(siteId ?? "")], "已保存");
  const { message } = App.useApp();
  const intake = !!sites.find((s) => s.id === siteId)?.intake;

  if (meta.isError) return <PageError error={meta.error} />;
  return (
    <>
      <PageHeader
        title="互动渠道"
        description="设置本站点开设的领导信箱、咨询投诉建议、我为政府网站找错、依申请公开、意见征集、问卷调查和在线访谈。关闭的渠道不再接收新的留言。"
        extra={
          <>
            <SitePicker sites={sites} value={siteId} onChange={setSiteId} />
            {intake ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="channel-new">
                开设渠道
              </Button>
            ) : null}
          </>
        }
      />
      {!sites.length && meta.data ? <Alert type="info" showIcon title="您不是任何站点运维中心的人员，不能设置互动渠道。" /> : null}
      <Card size="small">
        {list.isError ? (
          <PageError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Channel>
            rowKey="id"
            loading={list.isLoading}
            dataSource={list.data ?? []}
            pagination={false}
            data-testid="channel-list"
            onRow={(r) => ({ "data-testid": "channel-row", "data-slug": r.slug }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未开设互动渠道" /> }}
            columns={[
              { title: "渠道名称", dataIndex: "name", render: (v: string, r) => (<>{v}{r.leaderTitle ? <Typography.Text type="secondary">（{r.leaderTitle}）</Typography.Text> : null}</>) },
              { title: "类型", dataIndex: "kind", width: 150, render: (k: string) => meta.data?.channelKinds[k] ?? k },
              { title: "标识", dataIndex: "slug", width: 120, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: "答复时限", dataIndex: "kind", key: "due", width: 160, render: (k: string) => (meta.data?.deadlines[k] ? `转办 ${meta.data.deadlines[k].forwardWorkdays} 日 · 答复 ${meta.data.deadlines[k].replyWorkdays} 日` : "—") },
              { title: "公开答复", dataIndex: "publishReplies", width: 90, render: (v: boolean) => (v ? <Tag color="blue">公开</Tag> : <Tag>不公开</Tag>) },
              {
                title: "状态",
                dataIndex: "enabled",
                width: 100,
                render: (v: boolean, r) => (
                  <Switch
                    checked={v}
                    disabled={!intake}
                    checkedChildren="开放"
                    unCheckedChildren="关闭"
                    data-testid="channel-enabled"
                    onChange={(on) => void toggle.mutateAsync({ path: `/api/interaction/channels/${r.id}`, method: "PATCH", body: { enabled: on } }).catch((e: Error) => message.error(e.message))}
                  />
                ),
              },
              { title: "", key: "op", width: 70, render: (_: unknown, r) => (intake ? <Button size="small" type="link" onClick={() => setEditing(r)}>修改</Button> : null) },
            ]}
          />
        )}
      </Card>
      {editing && siteId ? <ChannelModal siteId={siteId} channel={editing === "new" ? null : editing} kinds={meta.data?.channelKinds ?? {}} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function ChannelModal({ siteId, channel, kinds, onClose }: { siteId: string; channel: Channel | null; kinds: Record<string, string>; onClose: () => void }) {
  const [form] = Form.useForm<ChannelForm>();
  const units = useUnits();
  const save = useAction<Partial<ChannelForm>>([ikeys.channels(siteId)], channel ? "渠道已修改" : "渠道已开设");
  const { error, submit: send } = useFormSubmit(form, ["kind", "name", "slug", "leaderTitle", "description", "defaultUnitId", "sort"]);
  const kind = Form.useWatch("kind", form);
  const submit = async () => {
    const ok = await send((v) => {
      const body = { ...v, defaultUnitId: v.defaultUnitId ?? null, leaderTitle: v.leaderTitle?.trim() || undefined, description: v.description?.trim() || undefined };
      if (!channel) return save.mutateAsync({ path: `/api/sites/${siteId}/interaction/channels`, body });
      const { kind: _k, ...rest } = body;
      return save.mutateAsync({ path: `/api/interaction/channels/${channel.id}`, method: "PATCH", body: rest });
    });
    if (ok) onClose();
  };
  return (
    <Modal open title={channel ? `修改渠道：${channel.name}` : "开设互动渠道"} onCancel={onClose} onOk={() => void submit()} okText="保存" cancelText="取消" okButtonProps={{ loading: save.isPending, "data-testid": "channel-submit" }}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="channel-error" /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={channel ? { ...channel, defaultUnitId: channel.defaultUnitId ?? undefined } : { kind: "mailbox", publishReplies: true, enabled: true, sort: 0 }}
      >
        <Form.Item name="kind" label="渠道类型" rules={[{ required: true, message: "请选择渠道类型" }]}>
          <Select disabled={!!channel} options={Object.entries(kinds).map(([value, label]) => ({ value, label }))} data-testid="channel-kind" />
        </Form.Item>
        <Form.Item name="name" label="渠道名称" rules={[{ required: true, min: 2, message: "请填写渠道名称，如“县长信箱”" }]}>
          <Input maxLength={30} placeholder="如：县长信箱" data-testid="channel-name" />
        </Form.Item>
        <Form.Item name="slug" label="渠道标识" extra="用于网址，只能由小写字母、数字和连字符组成，以字母开头，如 xzxx" rules={[{ required: true, message: "请填写渠道标识" }]}>
          <Input maxLength={40} data-testid="channel-slug" />
        </Form.Item>
        {kind === "mailbox" ? (
          <Form.Item name="leaderTitle" label="领导职务" rules={[{ required: true, message: "领导信箱请填写领导职务，如“县长”" }]}>
            <Input maxLength={30} placeholder="如：县长" data-testid="channel-leader" />
          </Form.Item>
        ) : null}
        <Form.Item name="defaultUnitId" label="默认承办单位（可选）">
          <Select allowClear showSearch={{ optionFilterProp: "label" }} options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="description" label="渠道说明（可选）">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="publishReplies" label="答复在网站公开（来信人同意的）" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="enabled" label="开放" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="sort" label="排序">
          <InputNumber min={0} max={9999} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
