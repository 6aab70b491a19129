import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
  base: undefined,
  redact: ["req.headers.cookie", "password", "*.password", "*.newPassword", "*.currentPassword"],
});
export type Logger = typeof logger;
