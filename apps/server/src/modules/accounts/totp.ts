// TOTP second factor (RFC 6238 via otplib). Secrets are encrypted at rest with a key derived from
// the session secret, so a database dump alone does not yield working codes.
import { authenticator } from "otplib";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import QRCode from "qrcode";

authenticator.options = { window: 1, step: 30, digits: 6 };

const keyOf = (secret: string) => createHash("sha256").update(`totp:${secret}`).digest();

export function sealSecret(plain: string, sessionSecret: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", keyOf(sessionSecret), iv);
  const enc = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return ["v1", iv.toString("base64url"), enc.toString("base64url"), c.getAuthTag().toString("base64url")].join(".");
}

export function openSecret(sealed: string, sessionSecret: string): string {
  const [v, iv, enc, tag] = sealed.split(".");
  if (v !== "v1" || !iv || !enc || !tag) throw new Error("unknown TOTP secret format");
  const d = createDecipheriv("aes-256-gcm", keyOf(sessionSecret), Buffer.from(iv, "base64url"));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(enc, "base64url")), d.final()]).toString("utf8");
}

export const newTotpSecret = () => authenticator.generateSecret(20);

export function checkTotp(secret: string, code: string): boolean {
  const clean = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(clean)) return false;
  return authenticator.check(clean, secret);
}

export const totpCode = (secret: string) => authenticator.generate(secret);

export async function totpProvisioning(secret: string, account: string, issuer: string) {
  const otpauthUrl = authenticator.keyuri(account, issuer, secret);
  const qrSvg = await QRCode.toString(otpauthUrl, { type: "svg", margin: 1, width: 200 });
  return { secret, otpauthUrl, qrSvg };
}
