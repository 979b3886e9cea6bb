import nock from "nock";
import { API, createTestApp, mockInstallationToken, recordRequests, useStrictNock } from "../../helpers/probot.js";
import { reportedEvent } from "./scenario.js";

useStrictNock();

describe("repository_advisory.reported when GitHub fails", () => {
  it("fails the event (so it is retried) instead of dropping the report as badly configured", async () => {
    const { probot, logLines } = await createTestApp();
    const requests = recordRequests();
    mockInstallationToken();
    nock(API).get("/repos/Codertocat/.github/contents/.github%2Fsecwg.yml").reply(502, { message: "Server Error" });
    await expect(probot.receive(reportedEvent())).rejects.toMatchObject({ errors: [expect.objectContaining({ status: 502 })] });
    expect(requests.writes).toEqual([]);
    expect(logLines.join("")).not.toContain("configuration unusable");
  });
});
