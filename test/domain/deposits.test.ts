import fc from "fast-check";
import {
  appliedBefore,
  baseName,
  depositIdentity,
  depositorName,
  dueOf,
  matchReversal,
  type AppliedDeposit,
  fingerprints,
  matchDeposits,
  nameScore,
  shareDeposit,
  type BankLine,
  type OpenOrder,
  type Verdict,
} from "../../src/domain/deposits";

const RUNS = { numRuns: 300 };
const T0 = Date.parse("2026-07-12T09:00:00+09:00");

const order = (
  code: string,
  ordererName: string,
  total: number,
  over: Partial<OpenOrder> = {},
): OpenOrder => ({
  code,
  ordererName,
  total,
  received: 0,
  paid: false,
  ...over,
});
let n = 0;
const deposit = (name: string, amount: number, minutes = n++, over: Partial<BankLine> = {}): BankLine => ({
  line: 12 + minutes,
  at: new Date(T0 + minutes * 60_000),
  amount,
  name,
  memo: "",
  balance: null,
  ...over,
});
const kinds = (verdicts: Verdict[]) =>
  verdicts.map((v) =>
    v.kind === "matched"
      ? `matched ${v.orderCode}`
      : v.kind === "doubtful"
        ? `doubtful ${v.reason}`
        : `ignored ${v.reason}`,
  );

describe("depositor names", () => {
  it("drops spaces and the digits a depositor appends", () => {
    expect(baseName("홍길동5678")).toBe("홍길동");
    expect(baseName(" 홍 길동 ")).toBe("홍길동");
    expect(baseName("홍길동 0551")).toBe("홍길동");
  });

  it("scores the order code's digits above the name", () => {
    const o = order("660-551", "홍길동", 35000);
    expect(nameScore({ name: "홍길동", memo: "" }, o)).toBe(1);
    expect(nameScore({ name: "홍길동0551", memo: "" }, o)).toBe(2);
    expect(nameScore({ name: "김영희660551", memo: "" }, o)).toBe(2);
    expect(nameScore({ name: "김영희", memo: "660-551" }, o)).toBe(2);
    expect(nameScore({ name: "김영희0551", memo: "" }, o)).toBe(0);
    expect(nameScore({ name: "홍길순", memo: "" }, o)).toBe(0);
  });
});

describe("matching deposits to orders", () => {
  const orders = [
    order("660-551", "홍길동", 35000),
    order("660-552", "홍길동", 35000),
    order("123-456", "김철수", 60000),
    order("123-457", "김철수", 25000),
    order("777-001", "이영희", 30000),
    order("777-002", "박민수", 30000, { paid: true }),
  ];

  it("pays the one order whose amount and name fit, at the deposit's time", () => {
    const v = matchDeposits([deposit("이영희5678", 30000)], orders, new Set());
    expect(kinds(v)).toEqual(["matched 777-001"]);
  });

  it("lists every doubtful case with its candidates, and ticks none of them", () => {
    const v = matchDeposits(
      [
        deposit("홍길동", 35000),
        deposit("김철수", 20000),
        deposit("김철수", 90000),
        deposit("김철수", 85000),
        deposit("모르는사람", 30000),
        deposit("홍길동", -35000),
      ],
      orders,
      new Set(),
    );
    expect(kinds(v)).toEqual([
      "doubtful several",
      "doubtful partial",
      "doubtful over",
      "doubtful coversSeveral",
      "doubtful none",
      "ignored withdrawal",
    ]);
    expect(v[0]!.kind === "doubtful" && v[0]!.candidates).toEqual(["660-551", "660-552"]);
    expect(v[3]!.kind === "doubtful" && v[3]!.candidates.sort()).toEqual(["123-456", "123-457"]);
    expect(v[4]!.kind === "doubtful" && v[4]!.candidates).toEqual(["777-001"]);
  });

  it("lets the order code's last four digits choose between two orders of one orderer", () => {
    const v = matchDeposits([deposit("홍길동0552", 35000)], orders, new Set());
    expect(kinds(v)).toEqual(["matched 660-552"]);
  });

  it("lets a deposit carrying the code settle a tie another deposit had, in the same import", () => {
    const twins = [order("382-044", "홍길동", 30000), order("494-839", "홍길동", 30000)];
    const v = matchDeposits(
      [deposit("홍길동1021", 30000, 5), deposit("홍길동2044", 30000, 5)],
      twins,
      new Set(),
    );
    expect(kinds(v)).toEqual(["matched 494-839", "matched 382-044"]);
  });

  it("never matches an order already paid by hand", () => {
    expect(kinds(matchDeposits([deposit("박민수", 30000)], orders, new Set()))).toEqual(["doubtful none"]);
  });

  it("matches the rest of a partly paid order", () => {
    const partly = [order("123-456", "김철수", 60000, { received: 40000 })];
    expect(kinds(matchDeposits([deposit("김철수", 20000)], partly, new Set()))).toEqual(["matched 123-456"]);
  });

  it("gives two identical lines without a balance two fingerprints", () => {
    const line = deposit("홍길동", 35000, 1);
    const [a, b] = fingerprints([line, { ...line }]);
    expect(a).not.toBe(b);
  });

  it("shares one deposit among chosen orders, each up to its due", () => {
    expect(shareDeposit(85000, [orders[2]!, orders[3]!])).toEqual([
      { code: "123-456", amount: 60000 },
      { code: "123-457", amount: 25000 },
    ]);
  });
});

// ---- properties --------------------------------------------------------------------------

const NAMES = ["홍길동", "김철수", "이영희", "박민수"];
const AMOUNTS = [25000, 30000, 35000, 60000];

const ordersArb = fc
  .uniqueArray(fc.integer({ min: 100000, max: 999999 }), { minLength: 1, maxLength: 8 })
  .chain((codes) =>
    fc.tuple(
      ...codes.map((c) =>
        fc.record({
          code: fc.constant(`${String(c).slice(0, 3)}-${String(c).slice(3)}`),
          ordererName: fc.constantFrom(...NAMES),
          total: fc.constantFrom(...AMOUNTS),
          received: fc.constant(0),
          paid: fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
        }),
      ),
    ),
  );

const linesArb = (orders: OpenOrder[]) =>
  fc
    .array(
      fc.record({
        minute: fc.integer({ min: 0, max: 600 }),
        amount: fc.oneof(fc.constantFrom(...AMOUNTS), fc.constantFrom(-30000, 10000, 95000)),
        who: fc.oneof(
          fc.constantFrom(...NAMES),
          fc.constantFrom(...NAMES).map((x) => `${x}${1000 + ((x.length * 7) % 9000)}`),
          fc.constantFrom(...orders.map((o) => `${o.ordererName}${o.code.replace(/\D/g, "").slice(-4)}`)),
        ),
        balance: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
      }),
      { maxLength: 12 },
    )
    .map((raw) =>
      raw.map((r, i): BankLine => ({
        line: i + 12,
        at: new Date(T0 + r.minute * 60_000),
        amount: r.amount,
        name: r.who,
        memo: "",
        balance: r.balance,
      })),
    );

const scenario = ordersArb.chain((orders) => fc.tuple(fc.constant(orders as OpenOrder[]), linesArb(orders)));

/** What the app does with the verdicts: the matched orders paid, their lines remembered. */
function apply(verdicts: Verdict[], orders: OpenOrder[], applied: Set<string>): OpenOrder[] {
  const paid = new Set<string>();
  for (const v of verdicts) {
    if (v.kind !== "matched") continue;
    paid.add(v.orderCode);
    applied.add(v.fingerprint);
  }
  return orders.map((o) => (paid.has(o.code) ? { ...o, paid: true, received: o.total } : o));
}

describe("matching properties", () => {
  it("ticks an order only when it is the one best candidate, and each order at most once", () => {
    fc.assert(
      fc.property(scenario, ([orders, lines]) => {
        const verdicts = matchDeposits(lines, orders, new Set());
        const matched = verdicts.filter((v) => v.kind === "matched");
        expect(new Set(matched.map((v) => v.orderCode)).size).toBe(matched.length);
        // No matched line leaves an open rival of equal standing: one nobody else's line took.
        const taken = new Set(matched.map((v) => v.orderCode));
        for (const v of matched) {
          const o = orders.find((x) => x.code === v.orderCode)!;
          expect(o.paid).toBe(false);
          expect(dueOf(o)).toBe(v.line.amount);
          const score = nameScore(v.line, o);
          expect(score).toBeGreaterThan(0);
          const rivals = orders.filter(
            (x) =>
              x !== o &&
              !x.paid &&
              !taken.has(x.code) &&
              dueOf(x) === v.line.amount &&
              nameScore(v.line, x) >= score,
          );
          expect(rivals).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it("never applies a deposit twice: importing again (or an overlapping export) matches nothing old", () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 12 }), ([orders, lines], cut) => {
        const applied = new Set<string>();
        const first = matchDeposits(lines, orders, applied);
        const after = apply(first, orders, applied);
        const again = matchDeposits(lines, after, applied);
        expect(again.filter((v) => v.kind === "matched")).toEqual([]);
        // The matched lines of the first import are recognised in an export that overlaps it.
        const overlap = lines.slice(Math.min(cut, lines.length));
        const second = matchDeposits(overlap, after, applied);
        const before = new Set(first.filter((v) => v.kind === "matched").map((v) => v.fingerprint));
        for (const v of second) if (before.has(v.fingerprint)) expect(v.kind).toBe("ignored");
      }),
      RUNS,
    );
  });

  it("re-import is a no-op: the second pass changes no order", () => {
    fc.assert(
      fc.property(scenario, ([orders, lines]) => {
        const applied = new Set<string>();
        const once = apply(matchDeposits(lines, orders, applied), orders, applied);
        const twice = apply(matchDeposits(lines, once, applied), once, applied);
        expect(twice).toEqual(once);
      }),
      RUNS,
    );
  });

  it("follows deposit times, not the export's order: the earlier deposit pays, and the verdicts do not depend on sorting", () => {
    fc.assert(
      fc.property(
        scenario.chain(([orders, lines]) =>
          fc.tuple(
            fc.constant(orders),
            fc.constant(lines),
            fc.shuffledSubarray(lines, { minLength: lines.length }),
          ),
        ),
        ([orders, lines, shuffled]) => {
          const verdictOf = (ls: BankLine[]) => {
            const prints = fingerprints(ls);
            return new Map(
              matchDeposits(ls, orders, new Set()).map((v, i) => [
                `${prints[i]}@${v.line.line}`,
                v.kind === "matched" ? v.orderCode : v.kind,
              ]),
            );
          };
          // Fingerprints count lines of one identity (minute, amount, depositor) in order, so
          // compare lines that are unique.
          const unique = lines.filter(
            (l, i) =>
              lines.findIndex(
                (m) => depositIdentity(m.at, m.amount, m.name) === depositIdentity(l.at, l.amount, l.name),
              ) === i,
          );
          const shuffledUnique = shuffled.filter((l) => unique.includes(l));
          expect(verdictOf(shuffledUnique)).toEqual(verdictOf(unique));
        },
      ),
      RUNS,
    );
    // Two deposits for the one order: the earlier one pays it, whichever line comes first.
    const one = [order("660-551", "홍길동", 35000)];
    const late = deposit("홍길동", 35000, 90);
    const early = deposit("홍길동", 35000, 30);
    const v = matchDeposits([late, early], one, new Set());
    expect(kinds(v)).toEqual(["doubtful none", "matched 660-551"]);
  });
});

// ---- issue 23: money never wrong ---------------------------------------------------------

/** The same lines as another layout of the bank shows them: no seconds, no balance, reordered. */
const otherLayout = (lines: readonly BankLine[], seed: number): BankLine[] =>
  lines
    .map((l, i) => ({
      ...l,
      line: 100 + i,
      at: new Date(Math.floor(l.at.getTime() / 60_000) * 60_000),
      balance: null,
      name: seed % 2 ? l.name : ` ${l.name.slice(0, 1)} ${l.name.slice(1)} `,
    }))
    .reverse();

describe("issue 23 · 1: one deposit is applied once, whatever the export's layout", () => {
  it("recognises a deposit seen again with no seconds, no balance, another column order or spacing", () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 9 }), ([orders, lines], seed) => {
        // Lines of one export with seconds (seconds move nothing: the minute is the identity).
        const withSeconds = lines.map((l, i) => ({
          ...l,
          at: new Date(l.at.getTime() + ((i * 7) % 60) * 1000),
        }));
        const applied = new Set<string>();
        const first = matchDeposits(withSeconds, orders, applied);
        const after = apply(first, orders, applied);
        // Also the rest of a partly paid order: pretend every doubtful line was applied by hand.
        for (const v of first) if (v.kind === "doubtful") applied.add(v.fingerprint);
        const again = matchDeposits(otherLayout(withSeconds, seed), after, applied);
        for (const v of again) if (v.line.amount > 0) expect(v.kind).toBe("ignored");
        expect(again.filter((v) => v.kind === "matched")).toEqual([]);
      }),
      RUNS,
    );
  });

  it("counts same-minute duplicates: two deposits of one minute stay two, one applied leaves one", () => {
    const a = deposit("홍길동0551", 35000, 500);
    const b = { ...a, at: new Date(a.at.getTime() + 30_000), balance: 99 };
    const prints = fingerprints([a, b]);
    expect(prints[0]).not.toBe(prints[1]);
    const seen = appliedBefore(new Set([prints[0]!]));
    const other = fingerprints(otherLayout([a, b], 1));
    expect(other.map(seen)).toEqual([true, false]);
    const orders = [order("660-551", "홍길동", 35000), order("660-552", "홍길동", 35000)];
    const v = matchDeposits(otherLayout([a, b], 1), orders, new Set([prints[0]!]));
    expect(kinds(v)).toEqual(["ignored alreadyApplied", "matched 660-551"]);
  });
});

describe("issue 23 · 2: a reversal takes back the deposit it names", () => {
  const applied = (over: Partial<AppliedDeposit>): AppliedDeposit => ({
    fingerprint: "x.1",
    at: new Date(T0),
    amount: 40000,
    name: "홍길동0551",
    shares: [{ code: "660-551", amount: 40000 }],
    reversed: false,
    ...over,
  });
  const reversal = (name: string, amount: number, minutes: number): BankLine => ({
    ...deposit(name, -amount, minutes),
    reversal: true,
  });

  it("finds the latest earlier deposit of that amount and depositor, never one already taken back", () => {
    const older = applied({ fingerprint: "a.1", at: new Date(T0 - 3600_000) });
    const newer = applied({ fingerprint: "b.1" });
    const later = applied({ fingerprint: "c.1", at: new Date(T0 + 3600_000 * 5) });
    expect(matchReversal(reversal("홍길동0551", 40000, 60), [older, newer, later])?.fingerprint).toBe("b.1");
    expect(
      matchReversal(reversal("홍 길동", 40000, 60), [older, { ...newer, reversed: true }])?.fingerprint,
    ).toBe("a.1");
    expect(matchReversal(reversal("김철수", 40000, 60), [older, newer])).toBeNull();
    expect(matchReversal(reversal("홍길동0551", 30000, 60), [older, newer])).toBeNull();
    // A reversal naming nobody takes back the one deposit of its amount, never a guess among two.
    expect(matchReversal(reversal("", 40000, 60), [newer])?.fingerprint).toBe("b.1");
    expect(matchReversal(reversal("", 40000, 60), [older, newer])).toBeNull();
  });

  it("is never matched as a deposit, and is its own line (applied once)", () => {
    const line = reversal("홍길동0551", 35000, 700);
    const v = matchDeposits([line], [order("660-551", "홍길동", 35000)], new Set());
    expect(kinds(v)).toEqual(["ignored reversal"]);
    const again = matchDeposits([line], [order("660-551", "홍길동", 35000)], new Set([v[0]!.fingerprint]));
    expect(kinds(again)).toEqual(["ignored alreadyApplied"]);
  });
});

describe("issue 23 · 3: a deposit is judged by the bank's time against the deadline", () => {
  it("pays an order cancelled for non-payment only with a deposit made by its deadline", () => {
    const deadline = new Date(T0 + 60 * 60_000);
    const cancelled = order("660-551", "홍길동", 35000, { payableUntil: deadline });
    expect(kinds(matchDeposits([deposit("홍길동0551", 35000, 59)], [cancelled], new Set()))).toEqual([
      "matched 660-551",
    ]);
    expect(kinds(matchDeposits([deposit("홍길동0551", 35000, 61)], [cancelled], new Set()))).toEqual([
      "doubtful none",
    ]);
  });
});

describe("issue 23 · 6: one depositor-name rule", () => {
  it("matching always accepts the name the customer is told to write, for any name and code", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }).filter((x) => x.trim() !== ""),
        fc.integer({ min: 100000, max: 999999 }),
        fc.constantFrom(...NAMES),
        (name, digits, rival) => {
          const code = `${String(digits).slice(0, 3)}-${String(digits).slice(3)}`;
          const mine = order(code, name, 35000);
          expect(nameScore({ name: depositorName(name, code), memo: "" }, mine)).toBe(2);
          // It picks the order out of another order of the same name and amount.
          const other = order(code === "111-111" ? "222-222" : "111-111", name, 35000);
          const v = matchDeposits([deposit(depositorName(name, code), 35000, 1)], [other, mine], new Set());
          expect(kinds(v)).toEqual([`matched ${code}`]);
          void rival;
        },
      ),
      RUNS,
    );
  });
});

/** A name of three syllables, distinct for each k below 11,172 (no digits: baseName keeps it whole). */
const koreanName = (k: number) =>
  `김${String.fromCharCode(0xac00 + ((k * 37) % 11172))}${String.fromCharCode(0xac00 + ((k * 91 + 5) % 11172))}`;

describe("issue 23 · 10: a big export against many orders", () => {
  it("stays linear: 5,000 deposits against 20,000 orders in well under a few seconds, with the same verdicts as small", () => {
    const orders = Array.from({ length: 20_000 }, (_, i) =>
      order(
        `${100 + Math.floor(i / 1000)}-${String(i % 1000).padStart(3, "0")}`,
        koreanName(i % 3000),
        30000 + (i % 50) * 1000,
      ),
    );
    // Most deposits name their order; every tenth gives only a name (ties among that
    // customer's orders of the amount), every twentieth a stranger's name.
    const lines = Array.from({ length: 5_000 }, (_, i) => {
      const o = orders[(i * 7) % orders.length]!;
      const name =
        i % 20 === 0 ? `모르는${i}` : i % 10 === 0 ? o.ordererName : depositorName(o.ordererName, o.code);
      return deposit(name, o.total, 1000 + i);
    });
    const started = Date.now();
    const verdicts = matchDeposits(lines, orders, new Set());
    const took = Date.now() - started;
    expect(verdicts).toHaveLength(5_000);
    expect(took).toBeLessThan(5_000);
    // One line alone gets the verdict it gets among all the others when nothing else competes.
    const alone = matchDeposits([lines[0]!], orders, new Set());
    expect(kinds(alone)).toEqual([kinds([verdicts[0]!])[0]]);
  });
});
