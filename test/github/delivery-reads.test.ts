import { DeliveryReads } from "../../src/github/delivery-reads.js";

describe("reads shared within one delivery", () => {
  it("fetches a key once per delivery and again for another delivery", async () => {
    const reads = new DeliveryReads();
    let calls = 0;
    const load = async () => ++calls;
    const a = reads.forDelivery("d-1");
    expect(await a.memo("config", load)).toBe(1);
    expect(await reads.forDelivery("d-1").memo("config", load)).toBe(1);
    expect(await reads.forDelivery("d-2").memo("config", load)).toBe(2);
  });

  it("forgets a failed read so a retry asks GitHub again", async () => {
    const reads = new DeliveryReads();
    const memo = reads.forDelivery("d-1");
    await expect(memo.memo("config", () => Promise.reject(new Error("502")))).rejects.toThrow("502");
    await new Promise((r) => setImmediate(r));
    expect(await memo.memo("config", async () => "ok")).toBe("ok");
  });

  it("expires entries and bounds how many deliveries it remembers", async () => {
    let now = 0;
    const reads = new DeliveryReads(2, 1000, () => now);
    let calls = 0;
    const load = async () => ++calls;
    await reads.forDelivery("d-1").memo("k", load);
    now = 1500;
    expect(await reads.forDelivery("d-1").memo("k", load)).toBe(2);
    await reads.forDelivery("d-2").memo("k", load);
    await reads.forDelivery("d-3").memo("k", load);
    expect(await reads.forDelivery("d-1").memo("k", load)).toBe(5);
  });
});
