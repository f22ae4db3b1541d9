/** What the public status page may show of a person: enough to recognise, not to find. */

/** 김민수 → 김*수, 남궁민진 → 남궁*진, 이수 → 이*. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join("") + "*".repeat(chars.length - keep - 1) + chars[chars.length - 1];
}

/** The 17 provinces and metropolitan cities, in their full and their everyday short forms. */
const PROVINCES = new Set(
  [
    "서울특별시 서울시 서울",
    "부산광역시 부산시 부산",
    "대구광역시 대구시 대구",
    "인천광역시 인천시 인천",
    "광주광역시 광주시 광주",
    "대전광역시 대전시 대전",
    "울산광역시 울산시 울산",
    "세종특별자치시 세종시 세종",
    "경기도 경기",
    "강원특별자치도 강원도 강원",
    "충청북도 충북",
    "충청남도 충남",
    "전북특별자치도 전라북도 전북",
    "전라남도 전남",
    "경상북도 경북",
    "경상남도 경남",
    "제주특별자치도 제주도 제주",
  ].flatMap((names) => names.split(" ")),
);

/**
 * 서울특별시 강남구 테헤란로 1 → 서울특별시 강남구; 세종특별자치시 한누리대로 1 → 세종특별자치시.
 * Only a recognised 시/도 and the 시/군/구 after it are shown; an address that does not start
 * with one (`역삼동 1`, `테헤란로 1`) shows nothing, since its first word may locate the house.
 */
export function maskAddress(address: string): string {
  const words = address
    .replace(/^\(?\d{5}\)?\s*/, "")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const [province, district] = words;
  if (!province || !PROVINCES.has(province)) return "";
  return district && /.(시|군|구)$/.test(district) ? `${province} ${district}` : province;
}
