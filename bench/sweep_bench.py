#!/usr/bin/env python3
"""Benchmark of `tocsin sweep` against its anchors, on the corpus of ../shared/bench.

Generates nothing: it reads a corpus made beforehand with gen_sweep_data.py (see README.md here).
For each indicator-set size N it

  1. runs the whole command, JVM start included: java -jar tocsin-cli.jar sweep --indicators
     indicators-N.tsv --threads T logs/*.log, timing it and keeping its JSON lines;
  2. scores those lines against truth/truth-N.tsv: by line with ../shared/bench/score_sweep.py,
     and by (line, indicator, observable) pair with compare_truth.py;
  3. times index building and scanning alone in one warm JVM (SweepBenchmark, test scope of
     tocsin-cli): index build time and heap, scan rate on 1 thread and on T threads;
  4. runs the anchors on the same files: LC_ALL=C grep -F -n -f values-N.txt and rg -F -n -f
     values-N.txt, timing them end to end and scoring their hits the same way;

then prints a table in Markdown and writes everything measured to OUT/results.json.

  python3 bench/sweep_bench.py --data ../sweepdata [--sizes 1000,10000,100000,1000000]
      [--threads 2] [--rounds 5] [--anchors grep,rg] [--anchor-timeout 600] [--out /tmp/sweep-bench]

Run from the repository root after ./mvnw -pl tocsin-stix,tocsin-cli install. Python 3 standard
library only.
"""

import argparse
import glob
import json
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "tocsin-cli", "target", "tocsin-cli.jar")
TEST_CLASSES = os.path.join(ROOT, "tocsin-cli", "target", "test-classes")
LOGS = ["proxy_access.log", "dns_query.log", "mail.log", "sysmon_hashes.log"]


def find_shared_bench():
    d = ROOT
    while True:
        cand = os.path.join(d, "shared", "bench", "score_sweep.py")
        if os.path.isfile(cand):
            return os.path.dirname(cand)
        parent = os.path.dirname(d)
        if parent == d:
            sys.exit("shared/bench/score_sweep.py not found above " + ROOT)
        d = parent


def load():
    return os.getloadavg()


def timed(cmd, stdout_path, timeout=None, env=None):
    """Runs cmd, stdout to a file; returns (seconds, exit code, peak RSS in MiB, stderr)."""
    rss_file = stdout_path + ".rss"
    t0 = time.perf_counter()
    with open(stdout_path, "wb") as out:
        try:
            p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd, stdout=out,
                               stderr=subprocess.PIPE, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            return None, None, None, "timed out after %s s" % timeout
    dt = time.perf_counter() - t0
    try:
        rss = int(open(rss_file).read().split()[-1]) / 1024.0
    except (OSError, ValueError, IndexError):
        rss = None
    return dt, p.returncode, rss, p.stderr.decode("utf-8", "replace")


def score(shared, truth, hits_path):
    near = os.path.join(os.path.dirname(truth), "nearmiss.tsv")
    r = subprocess.run([sys.executable, os.path.join(shared, "score_sweep.py"), truth, near, hits_path],
                       stdout=subprocess.PIPE, check=True)
    return json.loads(r.stdout)


def json_to_hits(jsonl, hits):
    with open(jsonl, encoding="utf-8") as f, open(hits, "w", encoding="utf-8") as out:
        for line in f:
            m = json.loads(line)
            out.write("%s:%d\n" % (m["file"], m["line"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(os.path.dirname(ROOT), "sweepdata"))
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--rounds", type=int, default=5, help="scan rounds in the warm JVM (the first is warm-up)")
    ap.add_argument("--anchors", default="grep,rg", help="comma list of grep, rg; empty for none")
    ap.add_argument("--anchor-timeout", type=int, default=600)
    ap.add_argument("--heap", default="512m", help="-Xmx for sweep (the target: the 1M index within 512 MiB)")
    ap.add_argument("--out", default="/tmp/sweep-bench")
    args = ap.parse_args()

    shared = find_shared_bench()
    os.makedirs(args.out, exist_ok=True)
    logs = [os.path.join(args.data, "logs", n) for n in LOGS]
    for p in logs + [JAR]:
        if not os.path.exists(p):
            sys.exit("missing %s (generate the corpus and build first; see bench/README.md)" % p)
    total = sum(os.path.getsize(p) for p in logs)
    anchors = [a for a in args.anchors.split(",") if a]

    def versions():
        v = {"java": subprocess.run(["java", "-version"], stderr=subprocess.PIPE).stderr.decode().splitlines()[0]}
        v["grep"] = subprocess.run(["grep", "--version"], stdout=subprocess.PIPE).stdout.decode().splitlines()[0]
        try:
            v["rg"] = subprocess.run(["rg", "--version"], stdout=subprocess.PIPE).stdout.decode().splitlines()[0]
        except FileNotFoundError:
            v["rg"] = None
        return v

    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    results = {"machine": {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
                           "mem_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30, 1)},
               "versions": versions(), "bytes": total, "threads": args.threads, "load_before": load(),
               "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "sizes": {}}
    print("warming the page cache...", file=sys.stderr)
    for p in logs:
        with open(p, "rb") as f:
            while f.read(1 << 24):
                pass

    for n in [int(x) for x in args.sizes.split(",")]:
        ind = os.path.join(args.data, "indicators", "indicators-%d.tsv" % n)
        values = os.path.join(args.data, "indicators", "values-%d.txt" % n)
        truth = os.path.join(args.data, "truth", "truth-%d.tsv" % n)
        r = {"load_before": load()}
        print("N=%d: sweep end to end" % n, file=sys.stderr)
        jsonl = os.path.join(args.out, "sweep-%d.jsonl" % n)
        cmd = ["java", "-Xmx" + args.heap, "-jar", JAR, "sweep", "--indicators", ind, "--threads",
               str(args.threads)] + logs
        best = None
        for _ in range(3):
            dt, rc, rss, err = timed(cmd, jsonl)
            if rc not in (0, 1):
                sys.exit("sweep failed (%s): %s" % (rc, err))
            best = dt if best is None else min(best, dt)
        r["sweep_e2e_s"] = round(best, 3)
        r["sweep_peak_rss_mib"] = round(rss, 0) if rss else None
        r["sweep_e2e_mb_s"] = round(total / best / 1e6, 1)
        r["sweep_summary"] = err.strip().splitlines()[-1]
        hits = jsonl + ".hits"
        json_to_hits(jsonl, hits)
        r["sweep_score"] = score(shared, truth, hits)
        pair = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "compare_truth.py"), truth, jsonl],
                              stdout=subprocess.PIPE)
        r["sweep_pairs"] = json.loads(pair.stdout)
        print("N=%d: index and scan in a warm JVM" % n, file=sys.stderr)
        for threads in sorted({1, args.threads}):
            out = subprocess.run(["java", "-Xmx" + args.heap, "-cp", JAR + os.pathsep + TEST_CLASSES,
                                  "org.tocsin.cli.sweep.SweepBenchmark", ind, str(threads), str(args.rounds)] + logs,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if out.returncode != 0:
                sys.exit("SweepBenchmark failed: " + out.stderr.decode())
            r["scan_%dt" % threads] = json.loads(out.stdout)
        for tool in anchors:
            print("N=%d: %s" % (n, tool), file=sys.stderr)
            hits = os.path.join(args.out, "%s-%d.hits" % (tool, n))
            if tool == "grep":
                acmd = ["grep", "-F", "-n", "-f", values] + logs
            else:
                acmd = ["rg", "-F", "-n", "--no-heading", "-f", values] + logs
            env = dict(os.environ, LC_ALL="C")
            dt, rc, rss, err = timed(acmd, hits, timeout=args.anchor_timeout, env=env)
            if dt is None or rc not in (0, 1):
                r[tool] = {"error": err.strip()[-300:]}
                continue
            r[tool] = {"e2e_s": round(dt, 3), "mb_s": round(total / dt / 1e6, 1),
                       "peak_rss_mib": round(rss, 0) if rss else None, "score": score(shared, truth, hits)}
        r["load_after"] = load()
        results["sizes"][str(n)] = r
        with open(os.path.join(args.out, "results.json"), "w") as f:
            json.dump(results, f, indent=1)
    results["load_after"] = load()
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print_table(results, anchors)


def table_main():
    """--table RESULTS.json: prints the table of an earlier run again."""
    results = json.load(open(sys.argv[2]))
    anchors = [a for a in ("grep", "rg") if any(a in r for r in results["sizes"].values())]
    print_table(results, anchors)


def print_table(results, anchors):
    t = results["threads"]
    print("\nMachine: %s, %d cores, %s GiB; %s; load average before %s, after %s\n" % (
        results["machine"]["cpu"], results["machine"]["cores"], results["machine"]["mem_gib"],
        results["versions"]["java"], "/".join("%.2f" % x for x in results["load_before"]),
        "/".join("%.2f" % x for x in results.get("load_after", results["load_before"]))))
    head = ["N", "index build s (cold / warm)", "heap MiB", "scan MB/s 1 thread", "scan MB/s %d threads" % t, "speed-up",
            "sweep end to end s", "sweep MB/s", "sweep RSS MiB", "sweep FP/FN lines", "sweep FP/FN pairs"]
    for a in anchors:
        head += ["%s MB/s" % a, "sweep / %s" % a, "%s RSS MiB" % a, "%s FP/FN lines" % a]
    print("| " + " | ".join(head) + " |")
    print("|" + "---:|" * len(head))
    for n, r in results["sizes"].items():
        s1 = r["scan_1t"]
        st = r.get("scan_%dt" % t, s1)
        row = ["{:,}".format(int(n)), "%.2f / %.2f" % (s1["first_build_s"], s1["build_s"]),
               "%.0f" % s1["heap_after_build_mib"],
               "%.0f" % s1["mb_per_s"], "%.0f" % st["mb_per_s"], "%.2f×" % (st["mb_per_s"] / s1["mb_per_s"]),
               "%.2f" % r["sweep_e2e_s"], "%.0f" % r["sweep_e2e_mb_s"], "%s" % r.get("sweep_peak_rss_mib"),
               "%d / %d" % (r["sweep_score"]["false_positives"], r["sweep_score"]["false_negatives"]),
               "%d / %d" % (r["sweep_pairs"]["false_positives"], r["sweep_pairs"]["false_negatives"])]
        for a in anchors:
            x = r.get(a, {})
            if "mb_s" in x:
                row += ["%.1f" % x["mb_s"], "%.1f×" % (r["sweep_e2e_mb_s"] / x["mb_s"]), "%s" % x.get("peak_rss_mib"),
                        "%d / %d" % (x["score"]["false_positives"], x["score"]["false_negatives"])]
            else:
                row += ["—", "—", "—", x.get("error", "not run")[:40]]
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--table":
        table_main()
    else:
        main()
