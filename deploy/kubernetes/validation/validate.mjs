// Validates rendered Kubernetes manifests offline. Usage: node validate.mjs SCHEMA_DIR NAME=FILE.yaml...
// Layers, each of which must pass:
//  1. JSON schema: Kubernetes kinds against the OpenAPI-derived schemas bundled in the npm package kubernetes-models
//     (Prometheus Operator kinds: @kubernetes-models/prometheus-operator); CloudNativePG kinds against the hand-written
//     schemas in SCHEMA_DIR. A kind without a schema is an error.
//  2. Unknown fields: the same packages' TypeScript declarations, type-checked with tsc, so a misspelt or misplaced
//     field (which the JSON schemas allow) is an error too.
//  3. Consistency inside one rendered set (skipped for "raw:" sets): unique names, references (ConfigMaps, Secrets,
//     Services, ports, selectors, HPA target, pooler -> cluster, JDBC URL -> pooler), the container security settings this project requires, and
//     the connection pool sizing rule of deploy/kubernetes/README.md.
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";

const [schemaDir, ...sets] = process.argv.slice(2);
const here = dirname(new URL(import.meta.url).pathname);
const problems = []; // {where, msg}
const objectIds = [];
const fail = (where, msg) => problems.push({ where, msg });

// ---- schemas -------------------------------------------------------------------------------------------------
const ajv = new Ajv({ allErrors: true, strict: false });
const delegated = []; // {where, value, tsModule, tsType} for the TypeScript pass
const validators = new Map();
async function loadValidator(mod) {
  if (!validators.has(mod)) validators.set(mod, (await import(mod)).validate);
  return validators.get(mod);
}
// x-kubernetes-models: validate this sub-tree with a kubernetes-models schema (preloaded, the keyword is synchronous).
ajv.addKeyword({
  keyword: "x-kubernetes-models",
  validate: function check(spec, data, _s, ctx) {
    const fn = validators.get(spec.validator);
    delegated.push({ where: ctx.instancePath, value: data, tsModule: spec.tsModule, tsType: spec.tsType });
    if (fn(data)) return true;
    check.errors = fn.errors.map((e) => ({ ...e, instancePath: ctx.instancePath + e.instancePath }));
    return false;
  },
  errors: true,
});
const crdSchemas = new Map();
for (const group of readdirSync(schemaDir)) {
  for (const version of readdirSync(join(schemaDir, group))) {
    for (const file of readdirSync(join(schemaDir, group, version))) {
      const schema = JSON.parse(readFileSync(join(schemaDir, group, version, file), "utf8"));
      const walk = async (s) => {
        if (s && typeof s === "object") {
          if (s["x-kubernetes-models"]) await loadValidator(s["x-kubernetes-models"].validator);
          for (const v of Object.values(s)) await walk(v);
        }
      };
      await walk(schema);
      crdSchemas.set(`${group}/${version}/${schema.properties.kind.const}`, ajv.compile(schema));
    }
  }
}
const modelPackages = { "monitoring.coreos.com": "@kubernetes-models/prometheus-operator" };
async function kubernetesModel(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const pkg = modelPackages[group] ?? "kubernetes-models";
  const module = `${pkg}/${group ? group + "/" : ""}${version}/${kind}`;
  try {
    const cls = (await import(module))[kind];
    return cls ? { cls, module } : null;
  } catch {
    return null;
  }
}
const errorText = (errs) =>
  errs.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}${e.params?.allowedValues ? ` ${JSON.stringify(e.params.allowedValues)}` : ""}`).join("; ");

// ---- per set -----------------------------------------------------------------------------------------------------
const typed = []; // {set, id, value, tsModule, tsType}
const clusterScoped = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass", "PriorityClass", "IngressClass"]);
const dns1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

for (const arg of sets) {
  const [set, file] = arg.split("=");
  // "raw:" sets are single source files, not kustomize output: no namespace yet, references live in other files.
  const raw = set.startsWith("raw:");
  const docs = parseAllDocuments(readFileSync(file, "utf8"), { uniqueKeys: true });
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length) { fail(set, `YAML: ${doc.errors.map((e) => e.message).join("; ")}`); continue; }
    const o = doc.toJS();
    if (o == null) continue;
    objects.push(o);
  }
  if (objects.length === 0) fail(set, "renders no objects");
  const seen = new Set();
  for (const o of objects) {
    const id = `${set} ${o?.kind ?? "?"}/${o?.metadata?.name ?? "?"}`;
    objectIds.push(id);
    if (!o || typeof o !== "object" || !o.apiVersion || !o.kind) { fail(id, "not a Kubernetes object (apiVersion, kind)"); continue; }
    const name = o.metadata?.name;
    if (!name || !dns1123.test(name) || name.length > 253) fail(id, "metadata.name missing or not a DNS-1123 name");
    const key = `${o.apiVersion.split("/").length > 1 ? o.apiVersion.split("/")[0] : ""}/${o.kind}/${o.metadata?.namespace ?? ""}/${name}`;
    if (seen.has(key)) fail(id, "defined twice");
    seen.add(key);
    if (!raw && !clusterScoped.has(o.kind) && !o.metadata?.namespace) fail(id, "namespaced object without metadata.namespace");
    const crd = crdSchemas.get(`${o.apiVersion}/${o.kind}`);
    if (crd) {
      delegated.length = 0;
      if (!crd(o)) fail(id, `schema ${o.apiVersion} ${o.kind} (vendored, deploy/kubernetes/schemas): ${errorText(crd.errors)}`);
      for (const d of delegated) typed.push({ set, id: `${id} ${d.where}`, value: d.value, tsModule: d.tsModule, tsType: d.tsType });
    } else {
      const model = await kubernetesModel(o.apiVersion, o.kind);
      if (!model) { fail(id, `no schema for ${o.apiVersion} ${o.kind}`); continue; }
      try { new model.cls(o).validate(); } catch (e) { fail(id, `schema ${o.apiVersion} ${o.kind}: ${e.errors ? errorText(e.errors) : e.message}`); }
      typed.push({ set, id, value: o, tsModule: model.module, tsType: `I${o.kind}` });
    }
  }
  if (!raw) checkConsistency(set, objects);
}

// ---- consistency ---------------------------------------------------------------------------------------------------
function checkConsistency(set, objects) {
  const by = (kind) => objects.filter((o) => o?.kind === kind);
  const named = (kind, n) => by(kind).find((o) => o.metadata?.name === n);
  const clusters = by("Cluster"), poolers = by("Pooler");
  const matches = (selector, labels) => selector && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
  const workloads = by("Deployment").map((d) => ({ d, labels: d.spec?.template?.metadata?.labels ?? {} }));
  const selectsSomething = (sel) =>
    workloads.some((w) => matches(sel, w.labels)) ||
    (sel?.["cnpg.io/cluster"] && clusters.some((c) => c.metadata.name === sel["cnpg.io/cluster"])) ||
    (sel?.["cnpg.io/poolerName"] && poolers.some((p) => p.metadata.name === sel["cnpg.io/poolerName"]));
  // Secrets the CloudNativePG operator creates for a Cluster X: X-app (owner credentials).
  const operatorSecrets = new Set(clusters.map((c) => `${c.metadata.name}-app`));

  for (const { d, labels } of workloads) {
    const id = `${set} Deployment/${d.metadata.name}`;
    const spec = d.spec?.template?.spec ?? {};
    if (!matches(d.spec?.selector?.matchLabels, labels)) fail(id, "selector does not match the pod template labels");
    const volumes = new Map((spec.volumes ?? []).map((v) => [v.name, v]));
    for (const v of volumes.values()) {
      if (v.configMap && !v.configMap.optional && !named("ConfigMap", v.configMap.name)) fail(id, `volume ${v.name}: ConfigMap ${v.configMap.name} not rendered`);
      if (v.secret && !v.secret.optional && !named("Secret", v.secret.secretName) && !operatorSecrets.has(v.secret.secretName)) fail(id, `volume ${v.name}: Secret ${v.secret.secretName} not rendered`);
    }
    if (spec.serviceAccountName && !named("ServiceAccount", spec.serviceAccountName)) fail(id, `ServiceAccount ${spec.serviceAccountName} not rendered`);
    const pod = spec.securityContext ?? {};
    for (const c of spec.containers ?? []) {
      const cid = `${id} container ${c.name}`;
      const ports = new Set((c.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        if (!c[probe]) fail(cid, `${probe} missing`);
        else if (c[probe].httpGet && !ports.has(c[probe].httpGet.port)) fail(cid, `${probe} port ${c[probe].httpGet.port} is not a container port`);
      }
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) fail(cid, `volumeMount ${m.name} has no volume`);
      for (const e of c.envFrom ?? []) {
        if (e.configMapRef && !e.configMapRef.optional && !named("ConfigMap", e.configMapRef.name)) fail(cid, `envFrom ConfigMap ${e.configMapRef.name} not rendered`);
        if (e.secretRef && !e.secretRef.optional && !named("Secret", e.secretRef.name) && !operatorSecrets.has(e.secretRef.name)) fail(cid, `envFrom Secret ${e.secretRef.name} not rendered`);
      }
      for (const e of c.env ?? []) {
        const s = e.valueFrom?.secretKeyRef, m = e.valueFrom?.configMapKeyRef;
        if (s && !s.optional && !named("Secret", s.name) && !operatorSecrets.has(s.name)) fail(cid, `env ${e.name}: Secret ${s.name} neither rendered nor made by the CloudNativePG operator`);
        if (m && !m.optional) {
          const cm = named("ConfigMap", m.name);
          if (!cm || !(m.key in (cm.data ?? {}))) fail(cid, `env ${e.name}: ConfigMap ${m.name} key ${m.key} not rendered`);
        }
      }
      // The security settings this project requires of its own containers.
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) fail(cid, "securityContext.allowPrivilegeEscalation must be false");
      if (sc.readOnlyRootFilesystem !== true) fail(cid, "securityContext.readOnlyRootFilesystem must be true");
      if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) fail(cid, "runAsNonRoot must be true");
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) fail(cid, "capabilities must drop ALL");
      if ((sc.seccompProfile ?? pod.seccompProfile)?.type !== "RuntimeDefault") fail(cid, "seccompProfile must be RuntimeDefault");
      if (!c.resources?.requests?.memory || !c.resources?.limits?.memory || !c.resources?.requests?.cpu) fail(cid, "needs cpu/memory requests and a memory limit");
      if (!(c.volumeMounts ?? []).some((m) => m.mountPath === "/tmp" && volumes.get(m.name)?.emptyDir)) fail(cid, "needs an emptyDir at /tmp (read-only root filesystem)");
      // The JDBC URL must point at a rendered Pooler (or Service) in this set.
      const cms = (c.envFrom ?? []).map((e) => e.configMapRef && named("ConfigMap", e.configMapRef.name)).filter(Boolean);
      const url = [...cms.map((cm) => cm.data?.QUARKUS_DATASOURCE_JDBC_URL), ...(c.env ?? []).filter((e) => e.name === "QUARKUS_DATASOURCE_JDBC_URL").map((e) => e.value)].find(Boolean);
      if (url) {
        const host = /^jdbc:postgresql:\/\/([^:/?]+)/.exec(url)?.[1];
        if (!host || !(poolers.some((p) => p.metadata.name === host) || named("Service", host))) fail(cid, `QUARKUS_DATASOURCE_JDBC_URL host ${host} is no rendered Pooler or Service`);
      }
    }
  }
  for (const s of by("Service")) {
    const id = `${set} Service/${s.metadata.name}`;
    const target = workloads.find((w) => matches(s.spec?.selector, w.labels));
    if (!target) { fail(id, "selector matches no Deployment's pods"); continue; }
    const ports = new Set((target.d.spec.template.spec.containers ?? []).flatMap((c) => (c.ports ?? []).flatMap((p) => [p.name, p.containerPort])));
    for (const p of s.spec.ports ?? []) if (!ports.has(p.targetPort ?? p.port)) fail(id, `targetPort ${p.targetPort} is not a container port`);
  }
  for (const ing of by("Ingress")) {
    const id = `${set} Ingress/${ing.metadata.name}`;
    const tlsHosts = new Set((ing.spec?.tls ?? []).flatMap((t) => t.hosts ?? []));
    for (const r of ing.spec?.rules ?? []) {
      if (r.host && !tlsHosts.has(r.host)) fail(id, `host ${r.host} has no TLS entry`);
      for (const p of r.http?.paths ?? []) {
        const b = p.backend?.service, svc = b && named("Service", b.name);
        if (!svc) { fail(id, `backend Service ${b?.name} not rendered`); continue; }
        if (!(svc.spec.ports ?? []).some((sp) => sp.name === b.port?.name || sp.port === b.port?.number)) fail(id, `backend port ${JSON.stringify(b.port)} not on Service ${b.name}`);
      }
    }
  }
  for (const h of by("HorizontalPodAutoscaler")) {
    const t = h.spec?.scaleTargetRef;
    if (!named(t?.kind, t?.name)) fail(`${set} HorizontalPodAutoscaler/${h.metadata.name}`, `target ${t?.kind}/${t?.name} not rendered`);
  }
  for (const p of by("PodDisruptionBudget")) if (!selectsSomething(p.spec?.selector?.matchLabels)) fail(`${set} PodDisruptionBudget/${p.metadata.name}`, "selector matches nothing rendered");
  for (const n of by("NetworkPolicy")) {
    const id = `${set} NetworkPolicy/${n.metadata.name}`;
    if (!selectsSomething(n.spec?.podSelector?.matchLabels)) fail(id, "podSelector matches nothing rendered");
    for (const e of n.spec?.egress ?? []) for (const to of e.to ?? []) {
      if (to.podSelector && !to.namespaceSelector && !selectsSomething(to.podSelector.matchLabels)) fail(id, `egress podSelector ${JSON.stringify(to.podSelector.matchLabels)} matches nothing rendered`);
    }
  }
  for (const m of by("PodMonitor")) if (!selectsSomething(m.spec?.selector?.matchLabels)) fail(`${set} PodMonitor/${m.metadata.name}`, "selector matches nothing rendered");
  for (const p of poolers) if (!clusters.some((c) => c.metadata.name === p.spec?.cluster?.name)) fail(`${set} Pooler/${p.metadata.name}`, `Cluster ${p.spec?.cluster?.name} not rendered`);
  // Connection pool sizing (deploy/kubernetes/README.md): every JDBC connection Samen can open must fit one PgBouncer
  // pod (session mode binds a server connection to each), and all PgBouncer pods must fit PostgreSQL's max_connections.
  for (const { d } of workloads) {
    const hpa = by("HorizontalPodAutoscaler").find((h) => h.spec?.scaleTargetRef?.name === d.metadata.name);
    const env = Object.assign({}, ...(d.spec.template.spec.containers ?? []).flatMap((c) => [
      ...(c.envFrom ?? []).map((e) => (e.configMapRef && named("ConfigMap", e.configMapRef.name)?.data) || {}),
      Object.fromEntries((c.env ?? []).filter((e) => "value" in e).map((e) => [e.name, e.value]))]));
    const host = /^jdbc:postgresql:\/\/([^:/?]+)/.exec(env.QUARKUS_DATASOURCE_JDBC_URL ?? "")?.[1];
    const pooler = poolers.find((p) => p.metadata.name === host);
    if (!pooler) continue;
    const id = `${set} Deployment/${d.metadata.name}`;
    const replicas = hpa?.spec?.maxReplicas ?? d.spec.replicas ?? 1;
    const surgeSpec = d.spec.strategy?.rollingUpdate?.maxSurge ?? "25%";
    const surge = typeof surgeSpec === "string" ? Math.ceil((parseInt(surgeSpec, 10) / 100) * replicas) : surgeSpec;
    const perPod = Number(env.QUARKUS_DATASOURCE_JDBC_MAX_SIZE ?? 20); // application.properties default
    const clients = (replicas + surge) * perPod;
    const params = pooler.spec.pgbouncer?.parameters ?? {};
    const poolSize = Number(params.max_db_connections ?? params.default_pool_size ?? 20);
    if (clients > poolSize) fail(id, `pool sizing: (${replicas} replicas + ${surge} surge) x ${perPod} connections = ${clients} > ${poolSize} server connections of one PgBouncer pod (${pooler.metadata.name})`);
    if (clients > Number(params.max_client_conn ?? 100)) fail(id, `pool sizing: ${clients} client connections > max_client_conn ${params.max_client_conn ?? 100} of ${pooler.metadata.name}`);
    const cluster = clusters.find((c) => c.metadata.name === pooler.spec.cluster?.name);
    const maxConnections = Number(cluster?.spec?.postgresql?.parameters?.max_connections ?? 100);
    const server = (pooler.spec.instances ?? 1) * poolSize + 10;
    if (server > maxConnections) fail(`${set} Pooler/${pooler.metadata.name}`, `pool sizing: ${pooler.spec.instances ?? 1} pods x ${poolSize} + 10 reserved = ${server} > max_connections ${maxConnections} of Cluster ${cluster?.metadata?.name}`);
  }
}

// ---- unknown fields: TypeScript excess-property checks -------------------------------------------------------------
if (typed.length) {
  const lines = typed.map((t, i) => `import type { ${t.tsType} as T${i} } from ${JSON.stringify(t.tsModule)};`);
  typed.forEach((t, i) => lines.push(`export const v${i}: T${i} = ${JSON.stringify(t.value, null, 1)};`));
  const text = lines.join("\n");
  writeFileSync(join(here, "check.ts"), text + "\n");
  const starts = []; // first line of each object literal, to name the object an error is in
  text.split("\n").forEach((l, n) => { const m = /^export const v(\d+):/.exec(l); if (m) starts.push({ line: n + 1, id: typed[+m[1]].id }); });
  writeFileSync(join(here, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, module: "esnext", moduleResolution: "bundler", target: "es2022", types: [] }, files: ["check.ts"] }));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  let out = "";
  try { execFileSync(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], { encoding: "utf8", cwd: here }); }
  catch (e) { out = (e.stdout ?? "") + (e.stderr ?? ""); }
  for (const l of out.split("\n").filter(Boolean)) {
    const m = /^check\.ts\((\d+),\d+\): error TS\d+: (.*)$/.exec(l);
    if (!m) { if (!/^\s/.test(l)) fail("typescript", l); continue; }
    const owner = [...starts].reverse().find((s) => s.line <= +m[1]);
    fail(owner ? owner.id : "typescript", `unknown or mistyped field (TypeScript declarations): ${m[2]}`);
  }
}

// ---- report --------------------------------------------------------------------------------------------------------
const failed = new Set();
for (const p of problems) {
  console.log(`INVALID ${p.where}: ${p.msg}`);
  for (const id of objectIds) if (p.where === id || p.where.startsWith(id + " ")) failed.add(id);
}
for (const id of objectIds) if (!failed.has(id)) console.log(`ok      ${id}`);
const general = problems.filter((p) => !objectIds.some((id) => p.where === id || p.where.startsWith(id + " "))).length;
console.log(`manifests: ${objectIds.length - failed.size} passed, ${failed.size + general} failed`);
process.exit(problems.length ? 1 : 0);
