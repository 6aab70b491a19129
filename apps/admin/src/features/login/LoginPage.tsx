import { useEffect, useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { Alert, Button, Card, Flex, Form, Input, Typography } from "antd";
import { LockOutlined, ReloadOutlined, SafetyOutlined, UserOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { api, ApiError, errorMessage } from "../../lib/api";
import { clearSession, fetchMe, meKey, useMe } from "../../auth/session";
import type { LoginResult, Stage } from "../../lib/types";
import { FullPageSpin } from "../../components/FullPageSpin";
import { PasswordChangeForm } from "./PasswordChangeForm";

type Step = "credentials" | Exclude<Stage, "full">;

interface Challenge {
  id: string;
  svg: string;
}

/** Only paths inside the console are accepted as a place to return to. */
function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/login")) return "/";
  return next;
}

export default function LoginPage() {
  const me = useMe();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [step, setStep] = useState<Step | null>(null);

  // A session half-way through (TOTP or forced change pending) resumes at its step.
  useEffect(() => {
    if (step !== null || me.isPending) return;
    const s = me.data?.stage;
    setStep(s === "totp" || s === "totp_setup" || s === "password_change" ? s : "credentials");
  }, [me.isPending, me.data, step]);

  const advance = async (res: LoginResult) => {
    if (res.stage === "full") {
      qc.setQueryData(meKey, await fetchMe());
      navigate(next, { replace: true });
    } else {
      setStep(res.stage);
    }
  };

  const restart = async () => {
    try {
      await api.post("/api/auth/logout");
    } catch {
      // nothing to end
    }
    clearSession(qc);
    setStep("credentials");
  };

  if (me.isPending || step === null) return <FullPageSpin />;
  if (me.data?.stage === "full" && step === "credentials") return <Navigate to={next} replace />;

  return (
    <div className="gs-login-bg">
      <Card style={{ width: step === "password_change" ? 520 : 400, boxShadow: "0 10px 30px rgba(0,0,0,.12)" }}>
        <Flex vertical align="center" style={{ marginBottom: 20 }}>
          <span className="gs-logo-mark" style={{ width: 44, height: 44, fontSize: 20, color: "#fff" }}>
            政
          </span>
          <Typography.Title level={4} style={{ margin: "12px 0 0" }}>
            政府网站集约化平台
          </Typography.Title>
          <Typography.Text type="secondary">管理后台</Typography.Text>
        </Flex>
        {params.get("expired") && step === "credentials" ? (
          <Alert type="info" showIcon title="登录已超时或已在别处退出，请重新登录。" style={{ marginBottom: 16 }} />
        ) : null}
        {step === "credentials" && <CredentialsStep onDone={advance} />}
        {step === "totp" && <TotpStep onDone={advance} onRestart={restart} />}
        {step === "totp_setup" && <TotpSetupStep onDone={advance} onRestart={restart} />}
        {step === "password_change" && (
          <>
            <Alert
              type="warning"
              showIcon
              title="请先修改密码"
              description="首次登录或密码已到期，按照本单位网站安全管理规定，须修改密码后方可继续使用。"
              style={{ marginBottom: 16 }}
            />
            <PasswordChangeForm onDone={advance} submitText="修改密码并进入系统" />
            <Button type="link" block onClick={restart}>
              返回登录
            </Button>
          </>
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: "center", margin: "16px 0 0" }}>
          本系统仅限授权工作人员使用，所有登录和操作均记入审计日志。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

interface CredentialsValues {
  username: string;
  password: string;
  challengeAnswer?: string;
}

function CredentialsStep({ onDone }: { onDone: (r: LoginResult) => Promise<void> }) {
  const [form] = Form.useForm<CredentialsValues>();
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const loadChallenge = async () => {
    try {
      setChallenge(await api.get<Challenge>("/api/auth/challenge"));
      form.setFieldValue("challengeAnswer", "");
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const submit = async (v: CredentialsValues) => {
    setSubmitting(true);
    setError(null);
    try {
      const res = await api.post<LoginResult>("/api/auth/login", {
        username: v.username.trim(),
        password: v.password,
        ...(challenge ? { challengeId: challenge.id, challengeAnswer: (v.challengeAnswer ?? "").trim() } : {}),
      });
      await onDone(res);
    } catch (e) {
      form.setFieldValue("password", "");
      if (e instanceof ApiError) {
        if (e.code === "ACCOUNT_LOCKED") {
          const until = e.detail("lockedUntil");
          const when = typeof until === "string" && dayjs(until).isValid() ? dayjs(until).format("HH:mm") : null;
          setError(when ? `${e.message}（预计 ${when} 自动解锁，如有急需请联系系统管理员）` : e.message);
        } else {
          setError(e.message);
        }
        // A human check is single-use: after any failure a fresh one is needed if it is required.
        const needsChallenge =
          e.code === "CHALLENGE_REQUIRED" || e.code === "CHALLENGE_FAILED" || e.detail("challengeRequired") === true || !!challenge;
        if (needsChallenge && e.code !== "ACCOUNT_LOCKED") await loadChallenge();
      } else {
        setError(errorMessage(e));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large" name="login">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
      <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: "请输入用户名" }]}>
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
      </Form.Item>
      <Form.Item label="密码" name="password" rules={[{ required: true, message: "请输入密码" }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      {challenge ? (
        <Form.Item label="图形验证码" required>
          <Flex gap={8} align="center">
            <Form.Item name="challengeAnswer" noStyle rules={[{ required: true, whitespace: true, message: "请输入图中的计算结果" }]}>
              <Input placeholder="请输入图中结果" autoComplete="off" data-testid="login-challenge" aria-label="图形验证码" />
            </Form.Item>
            <div
              className="gs-challenge"
              role="img"
              aria-label="图形验证码图片"
              style={{ border: "1px solid #d9d9d9", borderRadius: 4, background: "#fff", flex: "none" }}
              // Server-generated picture of the check; not user content.
              dangerouslySetInnerHTML={{ __html: challenge.svg }}
            />
            <Button icon={<ReloadOutlined />} onClick={() => void loadChallenge()} title="看不清，换一张" aria-label="换一张" />
          </Flex>
        </Form.Item>
      ) : null}
      <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
        登录
      </Button>
    </Form>
  );
}

function TotpStep({ onDone, onRestart }: { onDone: (r: LoginResult) => Promise<void>; onRestart: () => void }) {
  const [form] = Form.useForm<{ code: string }>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const submit = async ({ code }: { code: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      await onDone(await api.post<LoginResult>("/api/auth/totp", { code: code.trim() }));
    } catch (e) {
      setError(errorMessage(e));
      form.setFieldValue("code", "");
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large" name="totp">
      <Typography.Paragraph>
        <SafetyOutlined /> 您的账号已启用双因素认证。请打开手机上的身份验证器应用，输入当前显示的 6 位动态验证码。
      </Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        label="动态验证码"
        name="code"
        rules={[
          { required: true, message: "请输入动态验证码" },
          { pattern: /^\s*\d{6}\s*$/, message: "动态验证码为 6 位数字" },
        ]}
      >
        <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" autoFocus data-testid="login-totp" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-totp-submit">
        验证
      </Button>
      <Button type="link" block onClick={onRestart} style={{ marginTop: 8 }}>
        返回重新登录
      </Button>
    </Form>
  );
}

/** A role requires a second factor that this person has not bound yet: bind it before going on. */
function TotpSetupStep({ onDone, onRestart }: { onDone: (r: LoginResult) => Promise<void>; onRestart: () => void }) {
  const [form] = Form.useForm<{ code: string }>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const setup = useQuery({
    queryKey: ["totp-setup-at-login"],
    queryFn: () => api.get<{ secret: string; otpauthUrl: string; qrSvg: string }>("/api/me/totp/setup"),
    staleTime: Infinity,
    gcTime: 0,
  });
  const submit = async ({ code }: { code: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      await onDone(await api.post<LoginResult>("/api/me/totp", { code: code.trim() }));
    } catch (e) {
      setError(errorMessage(e));
      form.setFieldValue("code", "");
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} name="totp-setup">
      <Alert
        type="warning"
        showIcon
        title="您担任的角色要求启用双因素认证"
        description="请用手机上的身份验证器应用（如 FreeOTP、Microsoft Authenticator 等）扫描下方二维码，再输入应用显示的 6 位动态验证码完成绑定。"
        style={{ marginBottom: 16 }}
      />
      {setup.isError ? <Alert type="error" showIcon title={errorMessage(setup.error)} style={{ marginBottom: 16 }} /> : null}
      {setup.data ? (
        <Flex vertical align="center" gap={8} style={{ marginBottom: 16 }}>
          <div
            className="gs-qr"
            role="img"
            aria-label="双因素认证二维码"
            // Server-generated QR picture.
            dangerouslySetInnerHTML={{ __html: setup.data.qrSvg }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            无法扫码时手动输入密钥：
            <Typography.Text code copyable>
              {setup.data.secret}
            </Typography.Text>
          </Typography.Text>
        </Flex>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        label="动态验证码"
        name="code"
        rules={[
          { required: true, message: "请输入动态验证码" },
          { pattern: /^\s*\d{6}\s*$/, message: "动态验证码为 6 位数字" },
        ]}
      >
        <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" size="large" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={submitting} disabled={!setup.data}>
        完成绑定并进入系统
      </Button>
      <Button type="link" block onClick={onRestart} style={{ marginTop: 8 }}>
        返回重新登录
      </Button>
    </Form>
  );
}
