/** A paid order row as Tony types it into 주문 (by header), for the sync-safety tests of both hosts. */
export const handTypedOrder = (name: string, extra: Record<string, string | number> = {}) => ({
  주문자: name,
  "주문자 연락처": "010-1111-2222",
  받는분: `${name || "무명"}받음`,
  "받는분 연락처": "010-3333-4444",
  주소: "서울특별시 중구 세종대로 1",
  품목: "백도 4.5kg",
  상자수: 2,
  입금상태: "입금완료",
  ...extra,
});
