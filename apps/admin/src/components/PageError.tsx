import { Alert, Button, Result } from "antd";
import { ApiError, errorMessage } from "../lib/api";

/** Shows a failed load: a clear "no permission" page for 403, a retryable message otherwise. */
export function PageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError && error.status === 403) {
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle={error.message || "您的账号没有访问此页面的权限。如需开通，请联系本单位站点管理员或系统管理员。"}
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      title="数据加载失败"
      description={errorMessage(error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
    />
  );
}

export function NoPermission({ what }: { what?: string }) {
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle={`您的账号没有${what ?? "访问此页面"}的权限。如需开通，请联系系统管理员。`}
    />
  );
}
