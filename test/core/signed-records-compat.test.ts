import { parseElectionRecord, renderElectionRecord, type ElectionRecord } from "../../src/core/governance/election-record.js";
import { isConfirmation, parseOnBehalfRecord, renderConfirmation, renderOnBehalfBody, type OnBehalfRecord } from "../../src/core/membership/on-behalf.js";
import { checkSignedMarker } from "../../src/core/signed-marker.js";
import { parseVoteRecord, renderVoteRecord, type VoteRecord } from "../../src/core/vote/vote-record.js";
import { z } from "zod";

// Records as secwg wrote them before every signed record went through `signed-marker.ts`: they
// must still verify, and the same record must still be written as the same bytes.
const KEY = "compat-signing-key";
const ALICE = { id: 1001, login: "alice" };
const WRITTEN = {
  "election": "<!-- secwg:election-record:eyJ2IjoxLCJ0YXJnZXQiOiJhY21lL3NlY3VyaXR5LXdnIzEyIiwicm9sZSI6ImNoYWlyIiwib3BlbmVkQnkiOnsiaWQiOjEwMDEsImxvZ2luIjoiYWxpY2UifSwib3BlbmVkIjoiMjAyNi0xMS0wMlQxMDowMDowMC4wMDBaIiwibm9taW5hdGlvbkNsb3NlcyI6IjIwMjYtMTEtMDlUMTA6MDA6MDAuMDAwWiIsImZyZWV6ZURheSI6IjIwMjYtMTEtMDkiLCJiYWxsb3RDbG9zZXMiOiIyMDI2LTExLTE2VDEwOjAwOjAwLjAwMFoiLCJub21pbmF0aW9ucyI6W10sInJvdW5kcyI6W10sInN0YXRlIjoibm9taW5hdGlvbiJ9.i6ny_O2dhDMnLA_TY_7m5fqoOBcR8vyeZetODVBP9m8 -->",
  "onBehalf": "<!-- secwg:membership-on-behalf:eyJ2IjoxLCJyZXBvIjoiYWNtZS9zZWN1cml0eS13ZyIsImJyYW5jaCI6InNlY3dnL2pvaW4tMjAwMiIsInN1YmplY3QiOnsiaWQiOjIwMDIsImxvZ2luIjoiZGFuYSJ9LCJwcm9wb3NlciI6eyJpZCI6MTAwMSwibG9naW4iOiJhbGljZSJ9LCJjb21tZW50Ijo1NTV9.ofcxl8V4j9EnBYf7DqcoD-f1_CZ-VDuKlQcLHLUOJbI -->",
  "confirmation": "<!-- secwg:membership-confirmation:eyJ2IjoxLCJ0YXJnZXQiOiJhY21lL3NlY3VyaXR5LXdnIzciLCJzdWJqZWN0IjoyMDAyLCJjb21tZW50Ijo3Nzd9.bEQa8lmuxbI8TtsUKYUaDzD3pMODnxPMV67NQ_PyB5o -->",
  "vote": "<!-- secwg:vote-record:eyJ2IjoxLCJraW5kIjoibWVtYmVyc2hpcCIsInRhcmdldCI6ImFjbWUvc2VjdXJpdHktd2cjNyIsInN1YmplY3QiOnsiaWQiOjIwMDIsImxvZ2luIjoiZGFuYSJ9LCJlbGVjdG9yYXRlIjpbeyJpZCI6MTAwMSwibG9naW4iOiJhbGljZSJ9XSwib3BlbmVkIjoiMjAyNi0xMS0yNVQxMjowMDowMC4wMDBaIiwiZGVhZGxpbmUiOiIyMDI2LTEyLTAyVDEyOjAwOjAwLjAwMFoiLCJydWxlIjoibWFqb3JpdHkiLCJxdW9ydW0iOm51bGwsImV4dGVuZGVkIjpmYWxzZSwic3RhdGUiOiJvcGVuIn0.PzjLAJCSWP7EovMnmM2z4dIAi6UFAIuQLpvihbwQJyk -->"
};

const ELECTION: ElectionRecord = {
  v: 1,
  target: "acme/security-wg#12",
  role: "chair",
  openedBy: ALICE,
  opened: "2026-11-02T10:00:00.000Z",
  nominationCloses: "2026-11-09T10:00:00.000Z",
  freezeDay: "2026-11-09",
  ballotCloses: "2026-11-16T10:00:00.000Z",
  nominations: [],
  rounds: [],
  state: "nomination",
};
const ON_BEHALF: OnBehalfRecord = { v: 1, repo: "acme/security-wg", branch: "secwg/join-2002", subject: { id: 2002, login: "dana" }, proposer: ALICE, comment: 555 };
const VOTE: VoteRecord = {
  v: 1,
  kind: "membership",
  target: "acme/security-wg#7",
  subject: { id: 2002, login: "dana" },
  electorate: [ALICE],
  opened: "2026-11-25T12:00:00.000Z",
  deadline: "2026-12-02T12:00:00.000Z",
  rule: "majority",
  quorum: null,
  extended: false,
  state: "open",
};

describe("signed records written before the one signed-marker helper", () => {
  it("verify as they were written", () => {
    expect(parseElectionRecord(WRITTEN.election, KEY, "acme/security-wg#12")).toEqual({ kind: "ok", record: ELECTION });
    expect(parseOnBehalfRecord(WRITTEN.onBehalf, KEY, { repo: { owner: "acme", repo: "security-wg" }, branch: "secwg/join-2002" })).toEqual({ kind: "ok", record: ON_BEHALF });
    expect(isConfirmation(WRITTEN.confirmation, KEY, "acme/security-wg#7", 2002)).toBe(true);
    expect(parseVoteRecord(WRITTEN.vote, KEY, "acme/security-wg#7")).toEqual({ kind: "ok", record: VOTE });
  });

  it("are written as the same bytes", () => {
    expect(renderElectionRecord(ELECTION, KEY)).toBe(WRITTEN.election);
    expect(renderOnBehalfBody(ON_BEHALF, KEY).split("\n")[0]).toBe(WRITTEN.onBehalf);
    expect(renderConfirmation({ v: 1, target: "acme/security-wg#7", subject: 2002, comment: 777 }, "dana", KEY).split("\n")[0]).toBe(WRITTEN.confirmation);
    expect(renderVoteRecord(VOTE, KEY)).toBe(WRITTEN.vote);
  });

  it("keep each record's reason for a refusal", () => {
    const edited = WRITTEN.election.replace(/\.[^.]+ -->$/, ".AAAA -->");
    expect(parseElectionRecord(edited, KEY, "acme/security-wg#12")).toEqual({ kind: "tampered", reason: "the election record's signature does not match (it was edited)" });
    expect(parseVoteRecord(`${WRITTEN.vote}\n${WRITTEN.vote}`, KEY)).toEqual({ kind: "tampered", reason: "the comment holds more than one vote record" });
    expect(parseOnBehalfRecord(WRITTEN.onBehalf, "another-key", { repo: { owner: "acme", repo: "security-wg" }, branch: "secwg/join-2002" })).toEqual({ kind: "tampered", reason: "the signature does not match" });
    expect(parseVoteRecord(WRITTEN.election, KEY)).toEqual({ kind: "missing" });
  });
});

describe("checkSignedMarker", () => {
  const schema = z.strictObject({ v: z.literal(1) });
  it("says why a record was refused", () => {
    expect(checkSignedMarker("vote-record", "secwg vote record v1", schema, "no record here", KEY)).toEqual({ kind: "missing" });
    expect(checkSignedMarker("vote-record", "secwg vote record v1", schema, "<!-- secwg:vote-record:abc -->", KEY)).toEqual({ kind: "rejected", problem: "malformed" });
    expect(checkSignedMarker("vote-record", "secwg election record v1", schema, WRITTEN.vote, KEY)).toEqual({ kind: "rejected", problem: "bad-signature" });
    expect(checkSignedMarker("vote-record", "secwg vote record v1", schema, WRITTEN.vote, KEY)).toEqual({ kind: "rejected", problem: "wrong-shape" });
  });
});
