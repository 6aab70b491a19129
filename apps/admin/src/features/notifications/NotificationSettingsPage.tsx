import { useEffect, useState } from "react";
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { SendOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage, isApiError } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { DELIVERY_STATE } from "./NotificationCenterPage";

type Channel = "email" | "webhook";
interface Settings {
  emailAvailable: boolean;
  throttle: { throttleMinutes: number; digestSeconds: number };
  channels: {
    email: { address: string; enabled: boolean };
    webhook: { address: string; format: string; enabled: boolean; hasSecret: boolean };
  };
  webhookFormats: Record<string, string>;
  kinds: Array<{ kind: string; name: string; severity: string }>;
  preferences: Array<{ kind: string; channel: Channel; enabled: boolean }>;
  recentDeliveries: Array<{ id: string; channel: string; kind: string; state: string; count: number; attempts: number; lastError: string | null; notBefore: string; sentAt: string | null; createdAt: string }>;
}

interface FormValues {
  emailEnabled: boolean;
  emailAddress: string;
  webhookEnabled: boolean;
  webhookAddress: string;
  webhookFormat: string;
  webhookSecret?: string;
}

const key = ["notification-settings"] as const;

/** The effective choice: the kind's own row, else the "*" row, else on. */
function effective(prefs: Settings["preferences"], kind: string, channel: Channel) {
  return prefs.find((p) => p.kind === kind && p.channel === channel)?.enabled ?? prefs.find((p) => p.kind === "*" && p.channel === channel)?.enabled ?? true;
}

export default function NotificationSettingsPage() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [prefs, setPrefs] = useState<Settings["preferences"]>([]);
  const [error, setError] = useState<string | null>(null);
  const settings = useQuery({ queryKey: key, queryFn: () => api.get<Settings>("/api/me/notification-settings") });

  useEffect(() => {
    const s = settings.data;
    if (!s) return;
    form.setFieldsValue({
      emailEnabled: s.channels.email.enabled,
      emailAddress: s.channels.email.address,
      webhookEnabled: s.channels.webhook.enabled,
      webhookAddress: s.channels.webhook.address,
      webhookFormat: s.channels.webhook.format,
      webhookSecret: undefined,
    });
    setPrefs(s.preferences);
  }, [settings.data, form]);

  const save = useMutation({
    mutationFn: (v: FormValues) =>
      api.put<Settings>("/api/me/notification-settings", {
        ...(settings.data?.emailAvailable || v.emailEnabled ? { email: { enabled: v.emailEnabled, address: (v.emailAddress ?? "").trim() } } : {}),
        webhook: { enabled: v.webhookEnabled, address: (v.webhookAddress ?? "").trim(), format: v.webhookFormat, ...(v.webhookSecret !== undefined && v.webhookSecret !== "" ? { secret: v.webhookSecret } : {}) },
        preferences: prefs.filter((p) => p.kind !== "*"),
      }),
    onSuccess: (s) => {
      setError(null);
      qc.setQueryData(key, s);
      message.success("通知设置已保存");
    },
    onError: (e) => {
      if (isApiError(e)) {
        const map: Record<string, keyof FormValues> = { "email.address": "emailAddress", "email.enabled": "emailEnabled", "webhook.address": "webhookAddress", "webhook.format": "webhookFormat" };
        form.setFields(e.issues.filter((i) => map[i.path]).map((i) => ({ name: map[i.path]!, errors: [i.message] })));
      }
      setError(errorMessage(e));
    },
  });
  const test = useMutation({
    mutationFn: (channel: Channel) => api.post("/api/me/notification-settings/test", { channel }),
    onSuccess: () => message.success("测试消息已发出，请查收"),
    onError: (e) => message.error(errorMessage(e)),
  });

  if (settings.isError) return <PageError error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data;

  const setPref = (kind: string, channel: Channel, enabled: boolean) =>
    setPrefs((old) => [...old.filter((p) => !(p.kind === kind && p.channel === channel)), { kind, channel, enabled }]);

  return (
    <>
      <PageHeader
        title="通知设置"
        description={s ? `站内通知始终保留在消息中心。邮件和 Webhook 按类型合并发送：同一类通知 ${s.throttle.throttleMinutes} 分钟内最多发送一次，其间的通知合并为一条汇总；紧急通知立即单独发送。` : undefined}
      />
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} closable onClose={() => setError(null)} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} disabled={!s}>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card title="电子邮件" style={{ marginBottom: 16 }} extra={<Button size="small" icon={<SendOutlined />} loading={test.isPending && test.variables === "email"} onClick={() => test.mutate("email")} disabled={!s?.emailAvailable}>发送测试邮件</Button>}>
              {s && !s.emailAvailable ? <Alert type="info" showIcon message="本平台尚未配置发信服务器，暂不能接收邮件通知。" style={{ marginBottom: 12 }} /> : null}
              <Form.Item name="emailEnabled" label="接收邮件通知" valuePropName="checked">
                <Switch disabled={!s?.emailAvailable} />
              </Form.Item>
              <Form.Item name="emailAddress" label="电子邮箱">
                <Input placeholder="例如 zhangsan@example.gov.cn" maxLength={200} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title="Webhook（短信网关、企业微信、钉钉）" style={{ marginBottom: 16 }} extra={<Button size="small" icon={<SendOutlined />} loading={test.isPending && test.variables === "webhook"} onClick={() => test.mutate("webhook")}>发送测试消息</Button>}>
              <Form.Item name="webhookEnabled" label="接收 Webhook 通知" valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="webhookFormat" label="消息格式">
                <Select options={Object.entries(s?.webhookFormats ?? {}).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item name="webhookAddress" label="Webhook 地址" extra="企业微信、钉钉为群机器人的 Webhook 地址；短信网关为其接收 JSON 的地址（消息中带有您的手机号）。">
                <Input placeholder="https://" maxLength={1000} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.webhookFormat !== b.webhookFormat}>
                {({ getFieldValue }) =>
                  getFieldValue("webhookFormat") === "dingtalk" ? (
                    <Form.Item name="webhookSecret" label="加签密钥（钉钉）" extra={s?.channels.webhook.hasSecret ? "已保存密钥；留空表示不修改。" : "机器人安全设置选择“加签”时填写。"}>
                      <Input.Password placeholder="SEC…" maxLength={200} autoComplete="off" />
                    </Form.Item>
                  ) : null
                }
              </Form.Item>
            </Card>
          </Col>
        </Row>
        <Card title="按类型选择接收渠道" style={{ marginBottom: 16 }}>
          <Table
            rowKey="kind"
            size="small"
            pagination={false}
            dataSource={s?.kinds ?? []}
            columns={[
              { title: "通知类型", dataIndex: "name", render: (v: string, k) => (k.severity === "urgent" ? <Space>{v}<Tag color="red">紧急</Tag></Space> : v) },
              { title: "站内", width: 90, render: () => <Switch size="small" checked disabled aria-label="站内通知始终接收" /> },
              { title: "电子邮件", width: 110, render: (_, k) => <Switch size="small" checked={effective(prefs, k.kind, "email")} onChange={(v) => setPref(k.kind, "email", v)} aria-label={`${k.name}：电子邮件`} /> },
              { title: "Webhook", width: 110, render: (_, k) => <Switch size="small" checked={effective(prefs, k.kind, "webhook")} onChange={(v) => setPref(k.kind, "webhook", v)} aria-label={`${k.name}：Webhook`} /> },
            ]}
          />
        </Card>
        <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginBottom: 24 }}>
          保存设置
        </Button>
      </Form>
      <Card title="最近的发送记录">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={s?.recentDeliveries ?? []}
          locale={{ emptyText: "暂无发送记录" }}
          columns={[
            { title: "渠道", dataIndex: "channel", width: 100, render: (v: string) => (v === "email" ? "电子邮件" : "Webhook") },
            { title: "类型", dataIndex: "kind", render: (v: string) => s?.kinds.find((k) => k.kind === v)?.name ?? v },
            { title: "条数", dataIndex: "count", width: 70 },
            { title: "状态", dataIndex: "state", width: 170, render: (v: string, d) => <Space direction="vertical" size={0}><Tag color={DELIVERY_STATE[v]?.color}>{DELIVERY_STATE[v]?.text ?? v}</Tag>{d.lastError ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{d.lastError}</Typography.Text> : null}</Space> },
            { title: "发送时间", width: 160, render: (_, d) => fmtDateTime(d.sentAt ?? d.notBefore) },
          ]}
        />
      </Card>
    </>
  );
}
