import { useState } from "react";
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, Modal, Row, Space, Steps, Tag, Typography } from "antd";
import { SafetyCertificateOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { api, errorMessage } from "../../lib/api";
import { fetchMe, meKey, useMe } from "../../auth/session";
import { fmtDate } from "../../lib/format";
import { reviewLevelLabel } from "../../lib/labels";
import { PageHeader } from "../../components/PageHeader";
import { PasswordChangeForm } from "../login/PasswordChangeForm";

export default function AccountPage() {
  const { data: me } = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  if (!me) return null;
  const u = me.user;
  const expires = u.passwordExpiresAt ? dayjs(u.passwordExpiresAt) : null;

  return (
    <>
      <PageHeader title="我的账号" description="账号仅限本人使用，不得转借他人。密码请定期更换，建议启用双因素认证。" />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
            <Card title="基本信息" size="small">
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: "name", label: "姓名", children: u.realName },
                  { key: "username", label: "用户名", children: u.username },
                  { key: "unit", label: "单位", children: u.unitName },
                  { key: "title", label: "职务", children: u.title || "—" },
                  { key: "mobile", label: "手机号码", children: u.mobile || "—" },
                  { key: "email", label: "电子邮箱", children: u.email || "—" },
                  {
                    key: "roles",
                    label: "角色",
                    children: me.roles.length ? (
                      <Flex wrap gap={4}>
                        {me.roles.map((r) => (
                          <Tag key={r.id} color="blue">
                            {r.roleName}
                            {r.level ? `·${reviewLevelLabel(r.level)}` : ""}
                            {r.siteName ? `（${r.siteName}）` : ""}
                          </Tag>
                        ))}
                      </Flex>
                    ) : (
                      "—"
                    ),
                  },
                  {
                    key: "expires",
                    label: "密码有效期至",
                    children: expires ? (
                      <Typography.Text type={expires.isBefore(dayjs().add(7, "day")) ? "warning" : undefined}>{fmtDate(u.passwordExpiresAt)}</Typography.Text>
                    ) : (
                      "—"
                    ),
                  },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "8px 0 0" }}>
                姓名、单位、手机号码等信息如需变更，请联系系统管理员。
              </Typography.Paragraph>
            </Card>
            <TotpCard />
          </Space>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="修改密码" size="small">
            <PasswordChangeForm
              onDone={async () => {
                message.success("密码已修改");
                qc.setQueryData(meKey, await fetchMe());
              }}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

interface Setup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

function TotpCard() {
  const { data: me } = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [disabling, setDisabling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [codeForm] = Form.useForm<{ code: string }>();
  const [pwForm] = Form.useForm<{ password: string }>();

  const refreshMe = async () => qc.setQueryData(meKey, await fetchMe());

  const start = useMutation({
    mutationFn: () => api.get<Setup>("/api/me/totp/setup"),
    onSuccess: (s) => {
      setError(null);
      setSetup(s);
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const enable = useMutation({
    mutationFn: (code: string) => api.post("/api/me/totp", { code }),
    onSuccess: async () => {
      message.success("双因素认证已启用，下次登录时需输入动态验证码");
      setSetup(null);
      codeForm.resetFields();
      await refreshMe();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const disable = useMutation({
    mutationFn: (password: string) => api.del("/api/me/totp", { password }),
    onSuccess: async () => {
      message.success("双因素认证已关闭");
      setDisabling(false);
      pwForm.resetFields();
      await refreshMe();
    },
    onError: (e) => setError(errorMessage(e)),
  });

  if (!me) return null;
  const { totpEnabled, totpRequired } = me.user;

  return (
    <Card
      size="small"
      title={
        <Space>
          <SafetyCertificateOutlined />
          双因素认证
          {totpEnabled ? <Tag color="green">已启用</Tag> : <Tag>未启用</Tag>}
          {totpRequired ? <Tag color="red">岗位要求</Tag> : null}
        </Space>
      }
    >
      {totpEnabled ? (
        <>
          <Typography.Paragraph>登录时除密码外，还需输入手机身份验证器应用生成的 6 位动态验证码。</Typography.Paragraph>
          {totpRequired ? (
            <Alert type="info" showIcon title="您担任的角色要求必须启用双因素认证，不能关闭。更换手机时请联系系统管理员。" />
          ) : (
            <Button danger onClick={() => { setError(null); setDisabling(true); }}>
              关闭双因素认证
            </Button>
          )}
        </>
      ) : setup ? (
        <>
          <Steps
            orientation="vertical"
            size="small"
            current={1}
            items={[
              { title: "安装身份验证器", content: "在手机上安装支持 TOTP 的身份验证器应用（如 FreeOTP、Microsoft Authenticator、阿里云 App 等）。" },
              {
                title: "扫描二维码",
                content: (
                  <Flex gap={16} wrap align="center" style={{ marginTop: 8 }}>
                    <div
                      className="gs-qr"
                      role="img"
                      aria-label="双因素认证二维码"
                      style={{ border: "1px solid #eee", padding: 4, background: "#fff" }}
                      // Server-generated QR picture.
                      dangerouslySetInnerHTML={{ __html: setup.qrSvg }}
                    />
                    <div>
                      <Typography.Text type="secondary">无法扫码时手动输入密钥：</Typography.Text>
                      <br />
                      <Typography.Text code copyable style={{ wordBreak: "break-all" }}>
                        {setup.secret}
                      </Typography.Text>
                    </div>
                  </Flex>
                ),
              },
              {
                title: "输入验证码确认",
                content: (
                  <Form
                    form={codeForm}
                    layout="inline"
                    style={{ marginTop: 8 }}
                    onFinish={(v) => {
                      setError(null);
                      enable.mutate(v.code.trim());
                    }}
                  >
                    <Form.Item
                      name="code"
                      rules={[
                        { required: true, message: "请输入验证码" },
                        { pattern: /^\s*\d{6}\s*$/, message: "6 位数字" },
                      ]}
                    >
                      <Input placeholder="6 位动态验证码" maxLength={6} inputMode="numeric" autoComplete="one-time-code" style={{ width: 160 }} />
                    </Form.Item>
                    <Button type="primary" htmlType="submit" loading={enable.isPending}>
                      确认启用
                    </Button>
                    <Button type="link" onClick={() => setSetup(null)}>
                      取消
                    </Button>
                  </Form>
                ),
              },
            ]}
          />
          {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} /> : null}
        </>
      ) : (
        <>
          <Typography.Paragraph>
            启用后，登录时除密码外还需输入手机身份验证器生成的动态验证码，即使密码泄露也能防止他人登录。
          </Typography.Paragraph>
          {totpRequired ? (
            <Alert type="warning" showIcon title="您担任的角色要求启用双因素认证，请尽快完成设置。" style={{ marginBottom: 12 }} />
          ) : null}
          <Button type="primary" onClick={() => start.mutate()} loading={start.isPending}>
            开始设置
          </Button>
        </>
      )}
      <Modal
        open={disabling}
        title="关闭双因素认证"
        okText="关闭"
        okButtonProps={{ danger: true, loading: disable.isPending }}
        onOk={() => pwForm.submit()}
        onCancel={() => setDisabling(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">关闭后登录只需密码，安全性降低。请输入登录密码确认。</Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form form={pwForm} layout="vertical" onFinish={(v) => disable.mutate(v.password)}>
          <Form.Item label="登录密码" name="password" rules={[{ required: true, message: "请输入登录密码" }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
