#!/usr/bin/env python3
"""decode-bench: the shared barcode corpus decoded by `agtrace decode` and
by zbarimg (Debian's zbar-tools), image by image: per-set hits, median
wall and CPU (user+sys) time per image for each, and the ratio of CPU
times (wall time depends on what else runs on the machine).  Prints figures; never fails
on timing.  Runs the real agtrace binary, not libtool's wrapper script."""
import base64
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

def agtrace_command():
    build = os.environ.get("top_builddir", ".")
    os.environ.setdefault("AGTRACE_MODULE_DIR", os.path.join(build, "lib", ".libs"))
    real = os.path.join(build, "cli", ".libs", "agtrace")
    if os.path.exists(real):
        libs = os.path.join(build, "lib", ".libs")
        os.environ["LD_LIBRARY_PATH"] = libs + ":" + os.environ.get("LD_LIBRARY_PATH", "")
        return [real]
    return [os.environ.get("AGTRACE", os.path.join(build, "cli", "agtrace"))]


def expected(path):
    stem = os.path.splitext(path)[0]
    for ext in (".txt", ".bin"):
        if os.path.exists(stem + ext):
            with open(stem + ext, "rb") as f:
                return f.read().decode("utf-8", "replace")
    return None


def same(got, want):
    """Element-string comparison: UPC-A as its 12 digits."""
    return got == want or (len(want) == 13 and want[0] == "0" and got == want[1:])


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd, path):
    """Wall and CPU seconds of one run, and its output."""
    t0, c0 = time.perf_counter(), cpu_children()
    p = subprocess.run(cmd + [path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t0, cpu_children() - c0), p.stdout.decode("utf-8", "replace")


def agtrace_texts(out):
    try:
        doc = json.loads(out)
    except ValueError:
        return []
    texts = []
    for image in doc:
        for sym in image["symbols"]:
            if "text" in sym:
                texts.append(sym["text"])
            else:
                texts.append(base64.b64decode(sym["bytes"]).decode("utf-8", "replace"))
    return texts


def zbar_texts(out):
    try:
        root = ET.fromstring(out)
    except ET.ParseError:
        return []
    return [d.text or "" for d in root.iter() if d.tag.endswith("data")]


def main():
    corpus = os.path.join(os.environ.get("SHARED_DIR", "../shared"), "corpus", "barcodes")
    agt = agtrace_command() + ["decode", "--json"]
    zbar = shutil.which("zbarimg")
    zcmd = [zbar, "-q", "--xml"] if zbar else None
    print("%-18s %6s %9s %9s %8s %8s %8s %8s %6s" % ("set", "images", "agtrace", "zbarimg",
          "agt ms", "zbar ms", "agt cpu", "zbar cpu", "ratio"))
    totals = [0, 0, 0]
    for name in sorted(os.listdir(corpus)):
        d = os.path.join(corpus, name)
        if not os.path.isdir(d):
            continue
        images = sorted(f for f in os.listdir(d) if f.endswith((".png", ".jpg")))
        hits = [0, 0]
        times = [[], []]
        for img in images:
            path = os.path.join(d, img)
            want = expected(path)
            t, out = run(agt, path)
            times[0].append(t)
            got = agtrace_texts(out)
            if want is not None and any(same(g, want) for g in got):
                hits[0] += 1
            elif want is None and got:
                hits[0] -= 1  # a false positive costs a hit
            if zcmd:
                t, out = run(zcmd, path)
                times[1].append(t)
                got = zbar_texts(out)
                if want is not None and any(same(g, want) for g in got):
                    hits[1] += 1
                elif want is None and got:
                    hits[1] -= 1
        med = [[statistics.median(t[k] for t in ts) * 1000 if ts else float("nan")
                for k in (0, 1)] for ts in times]
        print("%-18s %6d %9d %9s %8.1f %8.1f %8.1f %8.1f %6.2f" % (name, len(images), hits[0],
              hits[1] if zcmd else "-", med[0][0], med[1][0], med[0][1], med[1][1],
              med[0][1] / med[1][1] if zcmd else float("nan")))
        totals[0] += len(images)
        totals[1] += hits[0]
        totals[2] += hits[1]
    print("%-18s %6d %9d %9d" % ("total", totals[0], totals[1], totals[2]))
    print("(medians per image in ms, wall then CPU; false positives count -1;")
    print(" ratio is agtrace CPU time / zbarimg CPU time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
