#!/usr/bin/env python3
"""Helper for bench/run.sh (standard library only).

  seed-api      create the project, consultations and poll the scenarios use, through the API
  cpu           print a CPU snapshot (machine, service, PostgreSQL, the harness's own children) as JSON
  quiet         wait (bounded) until processes outside the benchmark use little CPU
  record-wrk    parse a wrk log (the BENCH_JSON line of lua/common.lua) and append a result record
  record-pgbench parse pgbench's output and per-transaction logs and append a result record
  jfr-top       summarise a JFR recording's execution samples
  report        write RESULTS.md from the result records
"""
import argparse
import csv
import glob
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------------------------- seed-api
def api(base, method, path, token=None, body=None, expect=(200, 201)):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, text = resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    if status not in expect:
        sys.exit(f"seed-api: {method} {path} -> {status}: {text[:500]}")
    return json.loads(text) if text else None


def seed_api(args):
    token = open(args.token_file).read().strip()
    base, t = args.base.rstrip("/") + "/api/v1", "/tenants/" + args.tenant
    project = api(base, "POST", t + "/projects", token, {
        "title": "Benchmark: het nieuwe dorpsplein", "summary": "Belastingtest", "theme": "openbare-ruimte"})
    api(base, "PATCH", f"{t}/projects/{project['id']}", token, {"status": "published"})

    def consultation(title):
        c = api(base, "POST", f"{t}/projects/{project['id']}/consultations", token, {
            "title": title, "question": "Wat vindt u belangrijk?", "participationLevel": "consult",
            "openForInput": "De inrichting en het groen", "fixed": "Het budget en de ligging",
            "decisionMaker": "De gemeenteraad", "closesAt": "2035-06-01T17:00:00+02:00",
            "feedbackDueDate": "2035-09-01", "moderationMode": "post"})
        api(base, "PATCH", f"{t}/consultations/{c['id']}", token, {"status": "open"})
        return c["id"]

    listed = consultation("Hoe richten we het plein in? (lijst)")
    written = consultation("Hoe richten we het plein in? (reacties plaatsen)")
    poll = api(base, "POST", f"{t}/consultations/{listed}/polls", token, {
        "question": "Welke boom komt op het plein?",
        "options": [{"label": "Linde"}, {"label": "Eik"}, {"label": "Kastanje"}],
        "maxChoices": 1, "resultsVisibility": "always", "votingMode": "open"})
    api(base, "PATCH", f"{t}/polls/{poll['id']}", token, {"status": "open"})
    ids = {"tenant": args.tenant, "project": project["id"], "list_consultation": listed,
           "reaction_consultation": written, "poll": poll["id"], "options": [o["id"] for o in poll["options"]]}
    json.dump(ids, open(args.out, "w"), indent=1)
    print(json.dumps(ids))


# --------------------------------------------------------------------------------------------------------------- cpu
def ticks(pid, children=False):
    """utime+stime (and, for a parent, cutime+cstime of its reaped children) of one process, in clock ticks."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    # fields[0] is state (field 3); utime is field 14 -> index 11
    total = int(fields[11]) + int(fields[12])
    if children:
        total += int(fields[13]) + int(fields[14])
    return total


def child_pids(ppid):
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == ppid:
                        out.append(int(d))
            except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
                pass
    return out


def cpu_snapshot(java, postmaster, harness):
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    idle = parts[3] + parts[4]
    pg = 0
    if postmaster:
        pg = ticks(postmaster, children=True) + sum(ticks(p) for p in child_pids(postmaster))
    return {"time": time.time(), "total": sum(parts[:8]), "idle": idle,
            "service": ticks(java) if java else 0, "postgres": pg,
            "harness": ticks(harness, children=True) if harness else 0}


def cpu(args):
    print(json.dumps(cpu_snapshot(args.java, args.postmaster, args.harness)))


def cpu_split(before, after):
    """CPU used between two snapshots, in cores (of nproc)."""
    secs = after["time"] - before["time"]
    if secs <= 0:
        return None
    busy = (after["total"] - after["idle"]) - (before["total"] - before["idle"])
    split = {k: (after[k] - before[k]) / CLK_TCK / secs for k in ("service", "postgres", "harness")}
    split["other"] = max(0.0, busy / CLK_TCK / secs - sum(split.values()))
    split["idle"] = (after["idle"] - before["idle"]) / CLK_TCK / secs
    return {k: round(v, 2) for k, v in split.items()}


def quiet(args):
    """Waits until processes other than ours use under --threshold cores (1 s samples), at most --max-wait s."""
    deadline = time.time() + args.max_wait
    while True:
        before = cpu_snapshot(args.java, args.postmaster, args.harness)
        time.sleep(1)
        other = cpu_split(before, cpu_snapshot(args.java, args.postmaster, args.harness))["other"]
        if other < args.threshold:
            print(f"quiet: other processes use {other:.2f} cores")
            return
        if time.time() > deadline:
            print(f"quiet: still {other:.2f} cores used by other processes after {args.max_wait}s; going on")
            return
        time.sleep(4)


# ------------------------------------------------------------------------------------------------------------ record
def base_record(args):
    record = {"phase": args.phase, "scenario": args.scenario, "connections": args.connections,
              "seconds": args.seconds, "warmup": args.warmup}
    if args.rss_file and os.path.exists(args.rss_file):
        text = open(args.rss_file).read().split()
        record["rss_max_kb"] = int(text[0]) if text else None
    if args.cpu_before and args.cpu_after:
        record["cpu_cores"] = cpu_split(json.load(open(args.cpu_before)), json.load(open(args.cpu_after)))
    if args.note:
        record["note"] = args.note
    return record


def record_wrk(args):
    record = base_record(args)
    line = None
    for text in open(args.log, errors="replace"):
        if text.startswith("BENCH_JSON "):
            line = text[len("BENCH_JSON "):]
    if line is None:
        record["broken"] = "no BENCH_JSON line in the wrk output"
    else:
        data = json.loads(line)
        record.update(data)
        record["rps"] = round(data["requests"] / (data["duration_us"] / 1e6), 1) if data["duration_us"] else 0
        record["socket_errors_total"] = sum(data["socket_errors"].values())
        successes = data["ok_2xx"] + (data["not_modified_304"] if args.expect_304 else 0)
        record["successes"] = successes
        if args.expect_304:
            record["expect_304"] = True
        if successes == 0:
            record["broken"] = "no successful requests"
        elif args.expect_304 and data["not_modified_304"] == 0:
            record["broken"] = "no 304 answers to If-None-Match"
        elif data.get("exhausted"):
            record["broken"] = "ran out of pre-issued voter tokens"
    return finish(args, record)


def record_pgbench(args):
    record = base_record(args)
    text = open(args.log, errors="replace").read()
    tps = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", text)
    done = re.search(r"number of transactions actually processed: (\d+)", text)
    failed = re.search(r"number of failed transactions: (\d+)", text)
    lat = []
    for path in glob.glob(args.tx_log_prefix + ".*"):
        with open(path) as f:
            for row in f:
                cols = row.split()
                if len(cols) >= 3 and cols[2].isdigit():
                    lat.append(int(cols[2]))
    if not tps or not done:
        record["broken"] = "pgbench printed no result"
        return finish(args, record)
    lat.sort()

    def pct(p):
        return lat[min(len(lat) - 1, int(len(lat) * p / 100))] if lat else 0

    record.update({"requests": int(done.group(1)), "rps": round(float(tps.group(1)), 1),
                   "ok_2xx": int(done.group(1)), "non_2xx": int(failed.group(1)) if failed else 0,
                   "not_modified_304": 0, "socket_errors_total": 0, "successes": int(done.group(1)),
                   "latency_us": {"p50": pct(50), "p99": pct(99), "max": lat[-1] if lat else 0}})
    if record["successes"] == 0:
        record["broken"] = "no transactions"
    return finish(args, record)


def finish(args, record):
    with open(args.results, "a") as f:
        f.write(json.dumps(record) + "\n")
    lat = record.get("latency_us", {})
    print(f"  {record['phase']:5} {record['scenario']:16} c={record['connections']:<3} "
          f"{'(warm-up) ' if record['warmup'] else ''}"
          f"{record.get('rps', 0):>9} req/s  p50 {lat.get('p50', 0) / 1000:.1f} ms  p99 {lat.get('p99', 0) / 1000:.1f} ms"
          f"  non-2xx {record.get('non_2xx', '?')}  304 {record.get('not_modified_304', 0)}"
          f"  socket errors {record.get('socket_errors_total', 0)}  RSS {fmt_mb(record.get('rss_max_kb'))}"
          f"  cpu {record.get('cpu_cores')}" + (f"  BROKEN: {record['broken']}" if "broken" in record else ""))
    # a warm-up may run out of tokens (it is cut short, not measured); anything else broken is a harness failure
    if "broken" in record and not (record["warmup"] and record.get("successes")):
        return 3
    return 0


def fmt_mb(kb):
    return f"{kb / 1024:.0f} MB" if kb else "n/a"


# ----------------------------------------------------------------------------------------------------------- jfr-top
LIBRARIES = [("org.hibernate.validator.", "Hibernate Validator"), ("org.hibernate.", "Hibernate ORM"),
             ("org.postgresql.", "JDBC driver (pgjdbc)"), ("io.agroal.", "Agroal pool"),
             ("com.arjuna.", "Narayana transactions"), ("io.narayana.", "Narayana transactions"),
             ("org.jboss.narayana.", "Narayana transactions"), ("com.fasterxml.jackson.", "Jackson JSON"),
             ("io.netty.", "Netty"), ("io.vertx.", "Vert.x"), ("org.jboss.resteasy.", "RESTEasy Reactive"),
             ("io.quarkus.arc.", "Quarkus ArC (CDI)"), ("io.quarkus.", "Quarkus (other)"),
             ("io.smallrye.", "SmallRye (JWT, config, context propagation...)"), ("io.micrometer.", "Micrometer"),
             ("org.jboss.threads.", "JBoss threads"), ("org.jboss.logging.", "JBoss logging"),
             ("nl.sed.samen.", "Samen code (nl.sed.samen)"), ("net.bytebuddy.", "ByteBuddy (Hibernate proxies)")]
JDK = ("java.", "javax.", "jdk.", "sun.", "com.sun.")


def library(name):
    for prefix, label in LIBRARIES:
        if name.startswith(prefix):
            return label
    return ".".join(name.split(".")[:2])


def jfr_top(args):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", args.file],
                         capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        sys.exit("jfr print failed: " + out.stderr[:300])
    events = json.loads(out.stdout)["recording"]["events"]
    self_counts, lib_counts, incl_counts, app_counts = {}, {}, {}, {}
    total = truncated = 0
    for e in events:
        trace = e["values"].get("stackTrace") or {}
        frames = trace.get("frames") or []
        if not frames:
            continue
        total += 1
        truncated += 1 if trace.get("truncated") else 0
        names = [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".") for f in frames]
        self_counts[names[0]] = self_counts.get(names[0], 0) + 1
        # self time charged to the library of the innermost frame that is not the JDK's own
        owner = next((n for n in names if not n.startswith(JDK)), None)
        lib = library(owner) if owner else "JDK only"
        lib_counts[lib] = lib_counts.get(lib, 0) + 1
        for label in {library(n) for n in names if not n.startswith(JDK)}:
            incl_counts[label] = incl_counts.get(label, 0) + 1
        app = next((n for n in names if n.startswith("nl.sed.samen.")), None)
        if app:
            app = re.sub(r"\$\$Lambda\$[^.]*(\.[^.]+)*", "$$Lambda", app)
            app_counts[app] = app_counts.get(app, 0) + 1

    def table(title, counts, top, code=True):
        rows = ["", f"| share | {title} |", "|---:|---|"]
        for name, n in sorted(counts.items(), key=lambda kv: -kv[1])[:top]:
            rows.append(f"| {100 * n / total:.1f} % | " + (f"`{name}`" if code else name) + " |")
        return rows

    lines = [f"{total} execution samples of the service's Java threads in {os.path.basename(args.file)} "
             f"({truncated} stacks truncated at the recording's stack depth)."]
    gc = subprocess.run(["jfr", "print", "--json", "--events", "jdk.GarbageCollection", args.file],
                        capture_output=True, text=True, timeout=300)
    if gc.returncode == 0:
        def millis(text):
            m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", text or "")
            return (int(m.group(1) or 0) * 60 + float(m.group(2))) * 1000 if m else 0.0
        gcs = json.loads(gc.stdout)["recording"]["events"]
        if gcs:
            pauses = [millis(e["values"].get("sumOfPauses")) for e in gcs]
            names = sorted({e["values"].get("name", "?") for e in gcs})
            lines += ["", f"Garbage collection during the recording: {len(gcs)} collections ({', '.join(names)}), "
                          f"{sum(pauses):.0f} ms of pauses in total, the longest {max(pauses):.0f} ms "
                          f"(every request in flight waits for a pause)."]
    lines += table("self time by library (innermost non-JDK frame; JDK frames charged to their caller)", lib_counts,
                   args.top, code=False)
    lines += table("samples with any frame in (inclusive; a sample counts for every library on its stack)",
                   incl_counts, args.top, code=False)
    lines += table("innermost Samen method on the stack (inclusive)", app_counts, 10)
    lines += table("top frames (self time)", self_counts, 10)
    open(args.out, "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


# ------------------------------------------------------------------------------------------------------------ report
SCENARIOS = [("ceiling", "ceiling: GET /embed/v1/samen.js, gzip (no database)"),
             ("tenants", "tenants: GET /api/v1/tenants (database)"),
             ("poll-read", "poll read: GET poll with results"),
             ("poll-read-304", "poll read, If-None-Match (304)"),
             ("poll-read-voter", "poll read as a voter who voted (personal: database)"),
             ("vote", "vote: POST votes (distinct tokens)"),
             ("reaction", "reaction: POST reactions (post-moderated)"),
             ("list", "list: GET page of 20 reactions"),
             ("db-insert", "database ceiling: pgbench vote insert")]


NOISE = 0.15  # cores used by processes outside the benchmark above which a run is marked


def noisy(r):
    return ((r.get("cpu_cores") or {}).get("other") or 0) > NOISE


# labels an earlier RESULTS.md used for what is now another scenario (until issue #23 the "ceiling" was GET /tenants)
OLD_LABELS = {"ceiling: GET /api/v1/tenants": "tenants"}


def previous_rows(path):
    """The rows of an earlier RESULTS.md: (data, scenario key, connections) -> (req/s, p99 ms), and its revision."""
    rows, revision = {}, None
    if not path or not os.path.exists(path):
        return rows, revision
    keys = {label: key for key, label in SCENARIOS}
    keys.update(OLD_LABELS)
    for line in open(path):
        m = re.match(r"- \*\*service revision\*\*: (\S+)", line)
        if m:
            revision = m.group(1)
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 6 or not cells[2].isdigit():
            continue
        label = re.sub(r" (\*\*BROKEN.*|⚠)$", "", cells[1])
        if label in keys:
            try:
                rows[(cells[0], keys[label], int(cells[2]))] = (float(cells[3].replace(",", "")), float(cells[5]))
            except ValueError:
                pass
    return rows, revision


def report(args):
    records = [json.loads(line) for line in open(args.results) if line.strip()]
    previous, previous_revision = previous_rows(args.previous)
    meta = json.load(open(args.meta))
    measured = [r for r in records if not r["warmup"]]

    def find(phase, scenario, conns):
        for r in measured:
            if r["phase"] == phase and r["scenario"] == scenario and r["connections"] == conns:
                return r
        return None

    conns = sorted({r["connections"] for r in measured})
    hi = max(conns) if conns else 64
    phases = [p for p in ("base", "scale") if any(r["phase"] == p for r in measured)]
    L = []
    L.append("# Samen load benchmark — results")
    L.append("")
    L.append(f"Written by `{meta['command']}` on {meta['date']} ({meta['mode']} mode). "
             "Load generator (wrk, pgbench), service and PostgreSQL all on this one machine.")
    L.append("")
    L.append("## Machine and versions")
    L.append("")
    for k in ("service revision", "cpu", "nproc", "memory", "kernel", "java", "postgres", "wrk", "pgbench"):
        L.append(f"- **{k}**: {meta.get(k, '?')}")
    L.append("")
    L.append("## Run settings")
    L.append("")
    for k, v in meta["settings"].items():
        L.append(f"- `{k}` = `{v}`")
    L.append("")
    L.append("## Data")
    L.append("")
    for phase in phases:
        d = meta.get("data", {}).get(phase)
        if d:
            L.append(f"- **{phase}**: " + ", ".join(f"{k} {v}" for k, v in d.items()))
    L.append("")
    L.append("## Results")
    L.append("")
    L.append("Each row: one wrk run (or pgbench for the database ceiling) of the stated length after a warm-up. "
             "non-2xx counts every HTTP status outside 200–299 except 304 (304 is shown separately and is the "
             "expected answer in the If-None-Match scenario). Socket errors are wrk's connect/read/write/timeout "
             "errors. RSS is the service's VmRSS, maximum of 0.5 s samples during the run. CPU is in cores "
             f"(of {meta.get('nproc')}) during the run: service / PostgreSQL / load generator and harness / "
             "other processes on the machine / idle. ⚠ marks runs during which processes outside the benchmark "
             f"(here: another engineer's Maven builds and tests) used more than {NOISE} cores: their numbers are "
             "lower than this machine can do, by roughly that share of the two cores.")
    L.append("")
    if previous:
        L.append(f"The last column is the previous full run's req/s and p99 for the same row (revision "
                 f"{previous_revision or 'unknown'}; its \"ceiling\" was GET /api/v1/tenants, shown here beside "
                 "tenants).")
        L.append("")
    L.append("| data | scenario | conns | req/s | p50 ms | p99 ms | non-2xx | 304 | socket err | RSS max | CPU svc/pg/load/other/idle | previous req/s (p99 ms) |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for phase in phases:
        for key, label in SCENARIOS:
            for c in conns:
                r = find(phase, key, c)
                if not r:
                    continue
                lat = r.get("latency_us", {})
                cpu = r.get("cpu_cores") or {}
                cpu_s = "/".join(f"{cpu.get(k, 0):.2f}" for k in ("service", "postgres", "harness", "other", "idle")) if cpu else ""
                broken = " **BROKEN: " + r["broken"] + "**" if "broken" in r else ""
                if noisy(r):
                    broken += " ⚠"
                L.append(f"| {phase} | {label}{broken} | {c} | {r.get('rps', 0):,.0f} | {lat.get('p50', 0) / 1000:.1f} | "
                         f"{lat.get('p99', 0) / 1000:.1f} | {r.get('non_2xx', '?')} | {r.get('not_modified_304', 0)} | "
                         f"{r.get('socket_errors_total', 0)} | {fmt_mb(r.get('rss_max_kb'))} | {cpu_s} | "
                         + (f"{previous[(phase, key, c)][0]:,.0f} ({previous[(phase, key, c)][1]:.1f})"
                            if (phase, key, c) in previous else "—") + " |")
    L.append("")

    # ratios
    L.append("## Ratios")
    L.append("")
    ratios = {}
    for c in conns:
        v, db, pr, ce = (find("base", s, c) for s in ("vote", "db-insert", "poll-read", "ceiling"))
        if v and db and db.get("rps"):
            ratios[("vote/db", c)] = v["rps"] / db["rps"]
            L.append(f"- vote ÷ database ceiling at {c} connections: {v['rps']:,.0f} ÷ {db['rps']:,.0f} = "
                     f"**{ratios[('vote/db', c)]:.2f}**")
        if pr and ce and ce.get("rps"):
            ratios[("read/ceiling", c)] = pr["rps"] / ce["rps"]
            L.append(f"- poll read ÷ ceiling at {c} connections: {pr['rps']:,.0f} ÷ {ce['rps']:,.0f} = "
                     f"**{ratios[('read/ceiling', c)]:.2f}**")
        pv = find("base", "poll-read-voter", c)
        if pv and ce and ce.get("rps"):
            ratios[("voter-read/ceiling", c)] = pv["rps"] / ce["rps"]
            L.append(f"- poll read as a voter (personal view, from the database) ÷ ceiling at {c} connections: "
                     f"{pv['rps']:,.0f} ÷ {ce['rps']:,.0f} = **{ratios[('voter-read/ceiling', c)]:.2f}**")
    for s in ("poll-read", "poll-read-voter", "vote", "list"):
        for c in conns:
            b, sc = find("base", s, c), find("scale", s, c)
            if b and sc and b.get("rps"):
                L.append(f"- {s} at scale ÷ at base, {c} connections: {sc['rps']:,.0f} ÷ {b['rps']:,.0f} = "
                         f"**{sc['rps'] / b['rps']:.2f}** (p99 {b['latency_us']['p99'] / 1000:.1f} → "
                         f"{sc['latency_us']['p99'] / 1000:.1f} ms)")
    L.append("")

    # targets
    L.append("## Targets")
    L.append("")
    L.append("| target | result | |")
    L.append("|---|---|---|")

    def verdict(ok):
        return "**met**" if ok else "**missed**"

    def warn(*rs):
        bad = [f"{x['phase']} {x['scenario']} c={x['connections']}" for x in rs if x and noisy(x)]
        return (" ⚠ " + ", ".join(bad)) if bad else ""

    for c in conns:
        if ("vote/db", c) in ratios:
            r = ratios[("vote/db", c)]
            L.append(f"| vote ≥ 0.5 × pgbench insert rate ({c} conns) | {r:.2f} ×"
                     f"{warn(find('base', 'vote', c), find('base', 'db-insert', c))} | {verdict(r >= 0.5)} |")
    for c in conns:
        if ("read/ceiling", c) in ratios:
            r = ratios[("read/ceiling", c)]
            # since issue #23 the ceiling is a ready byte array through the same HTTP stack; a poll read builds and
            # serialises a JSON view (with its ETag) per request: half the bare HTTP rate is the bar
            L.append(f"| poll read ≥ 0.5 × ceiling ({c} conns) | {r:.2f} ×"
                     f"{warn(find('base', 'poll-read', c), find('base', 'ceiling', c))} | {verdict(r >= 0.5)} |")
    for c in conns:
        rc = find("base", "reaction", c)
        if rc and c == hi:
            L.append(f"| reactions ≥ 1,000/s at {c} connections | {rc['rps']:,.0f}/s{warn(rc)} | "
                     f"{verdict(rc['rps'] >= 1000)} |")
    http = [r for r in measured if r["scenario"] != "db-insert"]
    for s_key in ("vote", "reaction", "list", "poll-read-voter"):
        r = find("base", s_key, hi)
        if r:
            mid = [find("base", s_key, c) for c in conns if c < hi]
            mid = [m for m in mid if m]
            L.append(f"| p99 ≤ 50 ms at {hi} connections: {s_key} | {r['latency_us']['p99'] / 1000:.1f} ms{warn(r)}"
                     + "".join(f"; at {m['connections']}: {m['latency_us']['p99'] / 1000:.1f} ms" for m in mid)
                     + f" | {verdict(r['latency_us']['p99'] <= 50000)} |")
    over = [r for r in http if r["connections"] == hi and r.get("latency_us", {}).get("p99", 0) > 50000]
    worst = max((r for r in http if r["connections"] == hi), key=lambda r: r.get("latency_us", {}).get("p99", 0),
                default=None)
    if worst:
        L.append(f"| (every HTTP scenario, for reference) p99 at {hi} connections | worst {worst['latency_us']['p99'] / 1000:.1f} ms "
                 f"({worst['phase']} {worst['scenario']})" + (
                     "; over 50 ms: " + ", ".join(f"{r['phase']} {r['scenario']} {r['latency_us']['p99'] / 1000:.0f} ms" for r in over)
                     if over else "") + " | — |")
    bad = [r for r in measured if r.get("non_2xx", 0) or r.get("socket_errors_total", 0)]
    L.append("| zero non-2xx (304s expected) and no socket errors | " + (
        ", ".join(f"{r['phase']} {r['scenario']} c={r['connections']}: {r.get('non_2xx', 0)} non-2xx "
                  f"{json.dumps({k: v for k, v in (r.get('statuses') or {}).items() if not k.startswith('2') and k != '304'})}, "
                  f"{r.get('socket_errors_total', 0)} socket errors" for r in bad) if bad else "none") +
        f" | {verdict(not bad)} |")
    rss = max((r.get("rss_max_kb") or 0 for r in http), default=0)
    L.append(f"| service RSS ≤ 400 MB | max {fmt_mb(rss)} | {verdict(rss <= 400 * 1024)} |")
    if "scale" in phases:
        for s in ("poll-read", "poll-read-voter", "list"):
            cells, ok = [], True
            for c in conns:
                b, sc = find("base", s, c), find("scale", s, c)
                if b and sc and b.get("rps"):
                    ratio = sc["rps"] / b["rps"]
                    p99ok = sc["latency_us"]["p99"] <= max(1.5 * b["latency_us"]["p99"], b["latency_us"]["p99"] + 5000)
                    ok = ok and ratio >= args.scale_tolerance and p99ok
                    cells.append(f"{c} conns: {ratio:.2f} × req/s, p99 {b['latency_us']['p99'] / 1000:.1f} → "
                                 f"{sc['latency_us']['p99'] / 1000:.1f} ms{warn(b, sc)}")
            L.append(f"| {s} no slower at {meta.get('scale_label', 'scale')} than at {meta.get('base_label', 'base')} "
                     f"(req/s ≥ {args.scale_tolerance} × base as noise allowance, p99 not over 1.5 × base + 5 ms) | "
                     + "; ".join(cells) + f" | {verdict(ok)} |")
    else:
        L.append("| poll read and list no slower at scale | not run in this mode | — |")
    L.append("")
    broken = [r for r in records if "broken" in r]
    if broken:
        L.append("**Harness problems:** " + "; ".join(
            f"{r['phase']} {r['scenario']} c={r['connections']}{' (warm-up)' if r['warmup'] else ''}: {r['broken']}"
            for r in broken))
        L.append("")

    # evidence
    ev = meta.get("evidence", [])
    if ev or os.path.exists(args.analysis or ""):
        L.append("## Where the time goes")
        L.append("")
        if args.analysis and os.path.exists(args.analysis):
            L.append(open(args.analysis).read().strip())
            L.append("")
        for title, path in ev:
            if os.path.exists(path):
                L.append(f"### {title}")
                L.append("")
                L.append(open(path).read().strip())
                L.append("")
    L.append("## Logs")
    L.append("")
    L.append("Raw wrk and pgbench output, the service and PostgreSQL logs, and `results.jsonl` (one JSON record per "
             "run, warm-ups included) are in `bench/out/` (not committed).")
    open(args.out, "w").write("\n".join(L) + "\n")
    print(f"wrote {args.out}")


def pgss_table(args):
    rows = list(csv.reader(open(args.csv)))
    if len(rows) < 2:
        open(args.out, "w").write("(no statements recorded)\n")
        return
    reqs = args.requests
    lines = [f"pg_stat_statements during {args.label} ({reqs:,} HTTP requests completed):", "",
             "| calls | calls/request | mean ms | total s | % of DB time | statement |", "|---:|---:|---:|---:|---:|---|"]
    total = sum(float(r[2]) for r in rows[1:]) or 1
    for r in rows[1:][:args.top]:
        calls, mean, tot, query = int(r[0]), float(r[1]), float(r[2]), r[3]
        q = " ".join(query.split())
        q = (q[:150] + "…") if len(q) > 150 else q
        lines.append(f"| {calls:,} | {calls / reqs if reqs else 0:.2f} | {mean:.3f} | {tot / 1000:.1f} | "
                     f"{100 * tot / total:.0f} % | `{q.replace('|', '¦')}` |")
    open(args.out, "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


def meta(args):
    """Updates the run's meta JSON: --set a.b=value (string), --json a.b=<json>, --append a=<json list item>."""
    data = json.load(open(args.file)) if os.path.exists(args.file) else {}

    def put(key, value, append=False):
        node = data
        *path, last = key.split(".")
        for k in path:
            node = node.setdefault(k, {})
        if append:
            node.setdefault(last, []).append(value)
        else:
            node[last] = value

    for item in args.set or []:
        k, v = item.split("=", 1)
        put(k, v)
    for item in args.json or []:
        k, v = item.split("=", 1)
        put(k, json.loads(v))
    for item in args.append or []:
        k, v = item.split("=", 1)
        put(k, json.loads(v), append=True)
    json.dump(data, open(args.file, "w"), indent=1)


def waits(args):
    """Averages the wait-event samples of start_wait_sampler: backends per (state, wait type, wait event)."""
    samples, sums = 0, {}
    for line in open(args.file, errors="replace"):
        line = line.strip()
        if line == "sample":
            samples += 1
        elif line.count("|") == 3:
            state, wtype, event, n = line.split("|")
            key = (state, wtype, event)
            sums[key] = sums.get(key, 0) + int(n)
    lines = [f"Non-idle backends of the benchmark database during {args.label}, sampled every 0.5 s ({samples} samples); "
             "average number of backends in each state (CPU = active, not waiting):", "",
             "| backends (avg) | state | wait type | wait event |", "|---:|---|---|---|"]
    for (state, wtype, event), n in sorted(sums.items(), key=lambda kv: -kv[1]):
        if samples and n / samples >= 0.05:
            lines.append(f"| {n / samples:.2f} | {state} | {wtype} | {event} |")
    open(args.out, "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("seed-api")
    s.add_argument("--base", required=True)
    s.add_argument("--tenant", default="enkhuizen")
    s.add_argument("--token-file", required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(fn=seed_api)
    for name, fn in (("cpu", cpu), ("quiet", quiet)):
        s = sub.add_parser(name)
        s.add_argument("--java", type=int, default=0)
        s.add_argument("--postmaster", type=int, default=0)
        s.add_argument("--harness", type=int, default=0)
        s.add_argument("--threshold", type=float, default=0.15)
        s.add_argument("--max-wait", type=float, default=120)
        s.set_defaults(fn=fn)
    for name, fn in (("record-wrk", record_wrk), ("record-pgbench", record_pgbench)):
        s = sub.add_parser(name)
        s.add_argument("--results", required=True)
        s.add_argument("--log", required=True)
        s.add_argument("--phase", required=True)
        s.add_argument("--scenario", required=True)
        s.add_argument("--connections", type=int, required=True)
        s.add_argument("--seconds", type=int, required=True)
        s.add_argument("--warmup", action="store_true")
        s.add_argument("--expect-304", action="store_true")
        s.add_argument("--rss-file")
        s.add_argument("--cpu-before")
        s.add_argument("--cpu-after")
        s.add_argument("--tx-log-prefix")
        s.add_argument("--note")
        s.set_defaults(fn=fn)
    s = sub.add_parser("jfr-top")
    s.add_argument("--file", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--top", type=int, default=15)
    s.set_defaults(fn=jfr_top)
    s = sub.add_parser("pgss")
    s.add_argument("--csv", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--label", required=True)
    s.add_argument("--requests", type=int, default=0)
    s.add_argument("--top", type=int, default=8)
    s.set_defaults(fn=pgss_table)
    s = sub.add_parser("waits")
    s.add_argument("--file", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--label", required=True)
    s.set_defaults(fn=waits)
    s = sub.add_parser("meta")
    s.add_argument("--file", required=True)
    s.add_argument("--set", action="append")
    s.add_argument("--json", action="append")
    s.add_argument("--append", action="append")
    s.set_defaults(fn=meta)
    s = sub.add_parser("report")
    s.add_argument("--results", required=True)
    s.add_argument("--meta", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--analysis")
    s.add_argument("--previous", help="an earlier RESULTS.md, whose figures are shown beside each row")
    s.add_argument("--scale-tolerance", type=float, default=0.9)
    s.set_defaults(fn=report)
    a = p.parse_args()
    sys.exit(a.fn(a) or 0)


if __name__ == "__main__":
    main()
