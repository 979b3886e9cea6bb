import { readFileSync, readdirSync } from "node:fs";
import yaml from "js-yaml";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const docs = (path: string) => yaml.loadAll(read(path)) as any[];
const k8s = Object.fromEntries(readdirSync(new URL("deploy/k8s/", root)).map((file) => [file, docs(`deploy/k8s/${file}`)[0]]));

const packageJson = JSON.parse(read("package.json"));

describe("Kubernetes manifests", () => {
  it("all parse as Kubernetes objects", () => {
    for (const [file, object] of Object.entries(k8s)) {
      expect({ file, apiVersion: typeof object.apiVersion, kind: typeof object.kind }).toEqual({ file, apiVersion: "string", kind: "string" });
    }
    expect(Object.values(k8s).map((o) => o.kind).sort()).toEqual(["CronJob", "Deployment", "PodDisruptionBudget", "Secret", "Service"]);
  });

  it("runs the compiled server with probes on /healthz (liveness) and /readyz (readiness) on the served port", () => {
    const deployment = k8s["deployment.yaml"];
    const container = deployment.spec.template.spec.containers[0];
    expect(packageJson.scripts.start).toBe("node dist/main.js");
    expect(container.command).toEqual(["node", "dist/main.js"]);
    const port = container.ports.find((p: any) => p.name === "http").containerPort;
    expect(container.env.find((e: any) => e.name === "PORT").value).toBe(String(port));
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(container.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "http" });
  });

  it("turns the in-process sweep off on replicas and gives queued work time to drain", () => {
    const spec = k8s["deployment.yaml"].spec.template.spec;
    const env = Object.fromEntries(spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env.SWEEP).toBe("off");
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(Number(env.SHUTDOWN_GRACE_SECONDS));
  });

  it("sweeps from a CronJob that runs `secwg sweep` and never overlaps itself", () => {
    const cron = k8s["cronjob.yaml"];
    expect(cron.spec.concurrencyPolicy).toBe("Forbid");
    const container = cron.spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.command).toEqual(["node", packageJson.bin.secwg, "sweep"]);
    expect(container.envFrom).toEqual([{ secretRef: { name: "secwg" } }]);
  });

  it("routes the Service and the disruption budget to the Deployment's pods", () => {
    const labels = k8s["deployment.yaml"].spec.template.metadata.labels;
    expect(labels).toMatchObject(k8s["service.yaml"].spec.selector);
    expect(labels).toMatchObject(k8s["pdb.yaml"].spec.selector.matchLabels);
    expect(k8s["service.yaml"].spec.ports[0].targetPort).toBe("http");
  });

  it("provides every credential the server and the sweep read, as placeholders only", () => {
    const secret = k8s["secret.yaml"];
    expect(Object.keys(secret.stringData).sort()).toEqual(["APP_ID", "PRIVATE_KEY", "REDIS_URL", "WEBHOOK_SECRET"]);
    expect(secret.stringData.PRIVATE_KEY).toContain("replace with");
  });
});

describe("docker-compose.yml", () => {
  const compose = docs("docker-compose.yml")[0];

  it("runs the server on port 3000 and keeps Redis optional", () => {
    expect(compose.services.secwg.command).toEqual(["node", "dist/main.js"]);
    expect(compose.services.secwg.ports).toEqual(["3000:3000"]);
    expect(compose.services.secwg.environment.PORT).toBe("3000");
    expect(compose.services.redis.profiles).toEqual(["redis"]);
  });

  it("lets the container drain before it is killed", () => {
    const grace = Number(compose.services.secwg.environment.SHUTDOWN_GRACE_SECONDS);
    expect(Number.parseInt(compose.services.secwg.stop_grace_period, 10)).toBeGreaterThan(grace);
  });
});

describe("Dockerfile", () => {
  it("ships app.yml (for doctor) and starts the compiled server", () => {
    const dockerfile = read("Dockerfile");
    expect(dockerfile).toMatch(/COPY app\.yml/);
    expect(dockerfile).toContain('CMD ["node", "dist/main.js"]');
  });
});
