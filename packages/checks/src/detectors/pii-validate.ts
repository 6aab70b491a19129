/**
 * Validators and masks for personal data. Pure functions, tested on their own.
 *
 * ID numbers follow GB 11643-1999: 6-digit region code, 8-digit birth date, 3-digit
 * sequence, check character (ISO 7064 MOD 11-2). Regions are validated at province level
 * on purpose: the full GB/T 2260 list changes every year and numbers issued under retired
 * county codes stay valid for life, so a county-level table would reject real numbers.
 */

const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82,
]);
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = "10X98765432";

export function validRegion(code: string): boolean {
  return PROVINCES.has(Number(code.slice(0, 2))) && code.slice(2, 6) !== "0000";
}

export function validDate(year: number, month: number, day: number, now: Date): boolean {
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  return date.getTime() <= now.getTime();
}

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** An 18-character resident ID number whose region, birth date and check character are all valid. */
export function isValidId18(id: string, now: Date = new Date()): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  if (!validRegion(id)) return false;
  if (!validDate(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)), now)) return false;
  return idCheckChar(id.slice(0, 17)) === id[17]!.toUpperCase();
}

/** Region and birth date are plausible: the shape of an ID number, whatever its check character. */
export function looksLikeId18(id: string, now: Date = new Date()): boolean {
  return (
    /^\d{17}[\dXx]$/.test(id) &&
    validRegion(id) &&
    validDate(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)), now)
  );
}

/** 15-digit IDs issued before 1999: region + YYMMDD (19YY) + 3-digit sequence, no check digit. */
export function isValidId15(id: string, now: Date = new Date()): boolean {
  if (!/^\d{15}$/.test(id)) return false;
  if (!validRegion(id)) return false;
  return validDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)), now);
}

export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes of cards used in China: UnionPay 62, domestic 60/9x, Visa 4, Mastercard 5, JCB 35, Amex 37. */
const CARD_PREFIX = /^(?:62|60|4|5[1-5]|35|37|9[45])/;

export function isBankCard(digits: string): boolean {
  return digits.length >= 16 && digits.length <= 19 && CARD_PREFIX.test(digits) && luhn(digits);
}

/** 去标识化: keep enough to recognise the record, hide the rest. */
export const mask = {
  id: (id: string) => `${id.slice(0, 6)}${"*".repeat(id.length - 10)}${id.slice(-4)}`,
  card: (digits: string) => `${digits.slice(0, 4)}${"*".repeat(digits.length - 8)}${digits.slice(-4)}`,
  mobile: (digits: string) => `${digits.slice(0, 3)}****${digits.slice(-4)}`,
  email: (address: string) => {
    const at = address.indexOf("@");
    const local = address.slice(0, at);
    return `${local.slice(0, 1)}${"*".repeat(Math.max(3, local.length - 1))}${address.slice(at)}`;
  },
  passport: (number: string) => `${number.slice(0, 2)}${"*".repeat(number.length - 4)}${number.slice(-2)}`,
  landline: (number: string) => number.replace(/\d{4}(?=\d{2}$)/, "****"),
};
