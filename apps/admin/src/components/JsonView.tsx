import { Typography } from "antd";

export function JsonView({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">（无）</Typography.Text>;
  return (
    <pre
      style={{
        margin: 0,
        padding: 8,
        background: "var(--ant-color-fill-quaternary)",
        borderRadius: 6,
        fontSize: 12,
        maxHeight: 320,
        overflow: "auto",
        whiteSpace: "pre-wrap",
        wordBreak: "break-all",
      }}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
