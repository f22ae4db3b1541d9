import { maskAddress, maskName } from "../../src/domain/masking";
import {
  ACCESS_TOKEN_PATTERN,
  bytesFromUuids,
  newAccessToken,
  newOrderCode,
  newRowId,
  normalizeOrderCode,
} from "../../src/domain/codes";
import { randomBytes, randomUUID } from "node:crypto";
import { COURIERS, findCourier, trackingUrl } from "../../src/domain/couriers";

describe("masking for the public page", () => {
  it.each([
    ["김민수", "김*수"],
    ["남궁민진", "남궁*진"],
    ["이수", "이*"],
    ["이", "*"],
    ["제갈공명이", "제갈**이"],
  ])("%s → %s", (name, masked) => expect(maskName(name)).toBe(masked));

  it.each([
    ["서울특별시 강남구 테헤란로 123 4층", "서울특별시 강남구"],
    ["경기도 성남시 분당구 판교로 1", "경기도 성남시"],
    ["(06236) 서울 강남구 역삼동 1", "서울 강남구"],
    ["경북 청도군 청도읍 1", "경북 청도군"],
    ["세종특별자치시 한누리대로 2130", "세종특별자치시"],
    ["", ""],
  ])("%s → %s", (address, masked) => expect(maskAddress(address)).toBe(masked));
});

describe("order codes and tokens", () => {
  /** mulberry32: a small seeded generator, so the test is repeatable. */
  const seeded = (seed: number) => {
    let a = seed;
    return (n: number) =>
      Uint8Array.from({ length: n }, () => {
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 24) & 0xff;
      });
  };

  it("order codes are six digits with a dash, unique among those taken", () => {
    const taken = new Set<string>();
    const random = seeded(7);
    for (let i = 0; i < 500; i++) {
      const code = newOrderCode(random, taken);
      expect(code).toMatch(/^\d{3}-\d{3}$/);
      expect(taken.has(code)).toBe(false);
      taken.add(code);
    }
  });

  it("gives up loudly instead of looping when no code is free", () => {
    expect(() => newOrderCode(() => new Uint8Array(4), new Set(["000-000"]))).toThrow(/주문번호/);
  });

  it("reads a code as a customer types it", () => {
    expect(normalizeOrderCode("382915")).toBe("382-915");
    expect(normalizeOrderCode(" 382 915 ")).toBe("382-915");
    expect(normalizeOrderCode("382-91")).toBeNull();
  });

  it("tokens carry 120 random bits, from Node crypto or Apps Script UUIDs", () => {
    const fromNode = newAccessToken((n) => randomBytes(n));
    expect(fromNode).toMatch(ACCESS_TOKEN_PATTERN);
    const fromUuid = newAccessToken(bytesFromUuids(() => randomUUID()));
    expect(fromUuid).toMatch(ACCESS_TOKEN_PATTERN);
    expect(Math.log2(32) * fromNode.length).toBeGreaterThanOrEqual(80);
    const many = new Set(Array.from({ length: 2000 }, () => newAccessToken((n) => randomBytes(n))));
    expect(many.size).toBe(2000);
    expect(newRowId((n) => randomBytes(n))).toMatch(/^r[a-z2-9]{11}$/);
  });

  it("skips the fixed version and variant nibbles of a UUID", () => {
    const bytes = bytesFromUuids(() => "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa")(15);
    expect([...bytes].every((b) => b === 0xaa)).toBe(true);
  });
});

describe("couriers", () => {
  it.each([
    ["CJ대한통운", "https://trace.cjlogistics.com/next/tracking.html?wblNo=123456789012"],
    ["대한통운", "https://trace.cjlogistics.com/next/tracking.html?wblNo=123456789012"],
    ["우체국택배", "https://service.epost.go.kr/trace.RetrieveDomRigiTraceList.comm?sid1=123456789012"],
    [
      "한진",
      "https://www.hanjin.com/kor/CMS/DeliveryMgr/WaybillResult.do?mCode=MN038&schLang=KR&wblnumText2=123456789012",
    ],
    ["롯데택배", "https://www.lotteglogis.com/home/reservation/tracking/linkView?InvNo=123456789012"],
    ["로젠택배", "https://www.ilogen.com/web/personal/trace/123456789012"],
  ])("%s links to its tracking page", (name, url) => {
    expect(trackingUrl(name, "123456789012")).toBe(url);
  });
  it("any other courier is a Naver search", () => {
    expect(trackingUrl("경동택배", "1234567890")).toBe(
      "https://search.naver.com/search.naver?query=%ED%83%9D%EB%B0%B0%EC%A1%B0%ED%9A%8C%201234567890",
    );
    expect(findCourier("경동택배")).toBeUndefined();
    expect(COURIERS.map((c) => c.name)).toEqual([
      "CJ대한통운",
      "우체국택배",
      "한진택배",
      "롯데택배",
      "로젠택배",
    ]);
  });
});
