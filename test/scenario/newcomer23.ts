/** Issue 23's newcomer rows, shared by both hosts: four paid orders, three with no deliverable 우편번호. */
export const POSTAL_ORDERS: readonly Record<string, string | number>[] = (
  [
    ["바른씨", "06236"],
    ["빈칸씨", ""],
    ["영영씨", "00000"],
    ["구구씨", "99999"],
  ] as const
).map(([name, postalCode], i) => ({
  주문자: name,
  "주문자 연락처": `010-3000-100${i}`,
  받는분: name,
  "받는분 연락처": `010-3000-100${i}`,
  우편번호: postalCode,
  주소: `서울특별시 강남구 테헤란로 ${i + 1}`,
  품목: "백도 4.5kg",
  상자수: 1,
  입금상태: "입금완료",
}));
