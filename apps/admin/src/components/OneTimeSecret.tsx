import { Alert, App, Button, Modal, Space, Typography } from "antd";
import { CopyOutlined } from "@ant-design/icons";

export interface OneTimeSecretProps {
  open: boolean;
  title: string;
  /** Whose secret it is, e.g. "张三（zhangsan）". */
  subject: string;
  label: string;
  secret: string;
  onClose: () => void;
}

/** A password shown exactly once, with a copy button and the warning that it will not come back. */
export function OneTimeSecret({ open, title, subject, label, secret, onClose }: OneTimeSecretProps) {
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      message.success("已复制到剪贴板");
    } catch {
      message.warning("浏览器不允许自动复制，请手动选中后复制");
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="one-time-secret-done">
          我已妥善记录
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <Alert
          type="warning"
          showIcon
          title="此密码只显示这一次，关闭后无法再次查看。"
          description="请当面或通过安全渠道交给本人，不得通过普通短信、微信群等方式传送。本人首次登录后须立即修改密码。"
        />
        <div>
          <Typography.Text type="secondary">{subject}</Typography.Text>
        </div>
        <div>
          <Typography.Text type="secondary">{label}：</Typography.Text>
          <Typography.Text code copyable={false} strong style={{ fontSize: 18 }} data-testid="one-time-secret">
            {secret}
          </Typography.Text>
          <Button icon={<CopyOutlined />} size="small" onClick={copy} style={{ marginLeft: 8 }}>
            复制
          </Button>
        </div>
      </Space>
    </Modal>
  );
}
