/** Korean couriers and their public tracking pages (`{n}` = tracking number). */

export interface Courier {
  key: string;
  name: string;
  aliases: string[];
  trackingUrl: string;
}

export const COURIERS: readonly Courier[] = [
  {
    key: "cj",
    name: "CJ대한통운",
    aliases: ["cj", "대한통운", "cj대한통운", "씨제이"],
    trackingUrl: "https://trace.cjlogistics.com/next/tracking.html?wblNo={n}",
  },
  {
    key: "epost",
    name: "우체국택배",
    aliases: ["우체국", "우체국택배", "epost"],
    trackingUrl: "https://service.epost.go.kr/trace.RetrieveDomRigiTraceList.comm?sid1={n}",
  },
  {
    key: "hanjin",
    name: "한진택배",
    aliases: ["한진", "한진택배", "hanjin"],
    trackingUrl:
      "https://www.hanjin.com/kor/CMS/DeliveryMgr/WaybillResult.do?mCode=MN038&schLang=KR&wblnumText2={n}",
  },
  {
    key: "lotte",
    name: "롯데택배",
    aliases: ["롯데", "롯데택배", "롯데글로벌로지스", "lotte"],
    trackingUrl: "https://www.lotteglogis.com/home/reservation/tracking/linkView?InvNo={n}",
  },
  {
    key: "logen",
    name: "로젠택배",
    aliases: ["로젠", "로젠택배", "logen"],
    trackingUrl: "https://www.ilogen.com/web/personal/trace/{n}",
  },
];

const OTHER_COURIER_SEARCH = "https://search.naver.com/search.naver?query={n}";

export function findCourier(name: string): Courier | undefined {
  const wanted = name.replace(/\s/g, "").toLowerCase();
  return COURIERS.find((c) => c.aliases.includes(wanted) || c.name === name.trim());
}

/** The page where anyone can follow the parcel; any other courier: a Naver search. */
export function trackingUrl(courierName: string, trackingNumber: string): string {
  const courier = findCourier(courierName);
  if (courier) return courier.trackingUrl.replace("{n}", encodeURIComponent(trackingNumber));
  return OTHER_COURIER_SEARCH.replace("{n}", encodeURIComponent(`택배조회 ${trackingNumber}`));
}
