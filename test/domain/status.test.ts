import {
  isInProgress,
  isUnscheduled,
  statusFromLabel,
  statusLabel,
  transition,
} from "../../src/domain/status";
import { STATUSES } from "../../src/domain/schemas";

describe("status machine", () => {
  it("has a Korean label for every status, and back", () => {
    for (const s of STATUSES) expect(statusFromLabel(statusLabel(s))).toBe(s);
    expect(statusLabel("shipped")).toBe("발송");
    expect(statusFromLabel(" 포장 ")).toBe("packed");
    expect(statusFromLabel("배달중")).toBeUndefined();
  });

  it("moves forward, and ticking 발송 alone implies 수확 and 포장", () => {
    expect(transition("scheduled", "harvested", "tutu")).toEqual({
      allowed: true,
      kind: "forward",
      implied: [],
    });
    expect(transition("scheduled", "shipped", "tutu")).toEqual({
      allowed: true,
      kind: "forward",
      implied: ["harvested", "packed"],
    });
    expect(transition("harvested", "shipped", "tutu")).toEqual({
      allowed: true,
      kind: "forward",
      implied: ["packed"],
    });
    expect(transition("received", "paid", "tony")).toEqual({ allowed: true, kind: "forward", implied: [] });
  });

  it("treats 출하예정 ↔ 대기 as the same step", () => {
    expect(transition("scheduled", "waitlisted", "script")).toMatchObject({ allowed: true, kind: "lateral" });
  });

  it("cancels from any state before 발송, never after", () => {
    for (const s of ["received", "paid", "scheduled", "waitlisted", "harvested", "packed"] as const) {
      expect(transition(s, "cancelled", "tony")).toMatchObject({ allowed: true, kind: "cancel" });
    }
    expect(transition("shipped", "cancelled", "tony").allowed).toBe(false);
    expect(transition("delivered", "cancelled", "tony").allowed).toBe(false);
  });

  it("going back is a correction only Tony may make", () => {
    expect(transition("packed", "harvested", "tony")).toMatchObject({ allowed: true, kind: "correction" });
    const refused = transition("packed", "harvested", "tutu");
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.reason).toMatch(/토니만/);
    expect(transition("cancelled", "paid", "tony")).toMatchObject({ allowed: true, kind: "forward" });
    expect(transition("shipped", "shipped", "tutu")).toMatchObject({ allowed: true, kind: "none" });
  });

  it("knows which statuses wait for a day and which are being worked on", () => {
    expect(STATUSES.filter(isUnscheduled)).toEqual(["received", "paid", "waitlisted"]);
    expect(STATUSES.filter(isInProgress)).toEqual(["harvested", "packed", "shipped", "delivered"]);
  });
});
