/** What the public status page may show of a person: enough to recognise, not to find. */

/** 김민수 → 김*수, 남궁민진 → 남궁*진, 이수 → 이*. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join("") + "*".repeat(chars.length - keep - 1) + chars[chars.length - 1];
}

/** 서울특별시 강남구 테헤란로 1 → 서울특별시 강남구; 세종특별자치시 한누리대로 1 → 세종특별자치시. */
export function maskAddress(address: string): string {
  const words = address
    .replace(/^\(?\d{5}\)?\s*/, "")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const [province, district] = words;
  if (!province) return "";
  return district && /(시|군|구)$/.test(district) ? `${province} ${district}` : province;
}
