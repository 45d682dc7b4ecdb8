#!/usr/bin/env python3
"""make-register.py - write examples/register.xml, the example register.

A fictional regional register in Guangdong: 30 suppliers, 4 inspection
agencies with Ed25519 keys (examples/keys/, EXAMPLE ONLY), 40 sales points,
445 lots covering all 89 categories, one inspection report per lot (one of
them failed, one superseded by a correction), shipments to sales points.
All names, licence and accreditation numbers are made up.

The reports are signed with `agtrace sign`, one agency key at a time:

    AGTRACE=build/cli/agtrace examples/make-register.py

The output is deterministic except for the signatures' inputs, which are
deterministic too (Ed25519 signatures are), so re-running it gives the
same file.
"""
import os
import random
import subprocess
import sys
import tempfile
from xml.sax.saxutils import quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
AGTRACE = os.environ.get("AGTRACE", os.path.join(TOP, "build", "cli", "agtrace"))

REGIONS = ["Conghua, Guangzhou", "Zengcheng, Guangzhou", "Huadu, Guangzhou",
           "Panyu, Guangzhou", "Nansha, Guangzhou", "Shunde, Foshan",
           "Gaoming, Foshan", "Taishan, Jiangmen", "Yangshan, Qingyuan",
           "Lianzhou, Qingyuan", "Meixian, Meizhou", "Wengyuan, Shaoguan",
           "Heping, Heyuan", "Xuwen, Zhanjiang", "Gaozhou, Maoming",
           "Sihui, Zhaoqing", "Doumen, Zhuhai", "Huidong, Huizhou"]
KINDS = ["Vegetable Cooperative", "Agricultural Co., Ltd.",
         "Family Farm", "Eco-Farm", "Produce Base"]

AGENCIES = [
    ("A01", "Pearl River Food Testing Centre", "CNAS L2817", "veg"),
    ("A02", "Lingnan Agricultural Quality Inspection Station", "CMA 2019190455", "veg"),
    ("A03", "South China Aquatic Products Testing Laboratory", "CNAS L6032", "fish"),
    ("A04", "Guangdong Livestock Product Quality Centre", "CNAS L4471", "meat"),
]

# Tests per product group: (analyte, method standard, unit, limit, typical value)
TESTS = {
    "veg": [("chlorpyrifos", "GB 23200.113-2018", "mg/kg", "0.1", "ND"),
            ("omethoate", "GB 23200.113-2018", "mg/kg", "0.02", "ND"),
            ("lead (Pb)", "GB 5009.12-2017", "mg/kg", "0.3", "0.04")],
    "meat": [("clenbuterol", "GB/T 22286-2008", "ug/kg", "ND", "ND"),
             ("chloramphenicol", "GB/T 22338-2008", "ug/kg", "ND", "ND")],
    "fish": [("malachite green", "GB/T 19857-2005", "ug/kg", "ND", "ND"),
             ("lead (Pb)", "GB 5009.12-2017", "mg/kg", "0.5", "0.06")],
    "bee": [("chloramphenicol", "GB/T 22338-2008", "ug/kg", "ND", "ND")],
}

# Shelf life in days and unit by category group.
SHELF = {"V": (7, "kg"), "L": (5, "kg"), "F": (3, "kg")}


def gtin14(prefix, item):
    """GTIN-14 with indicator 0: 0 + 7-digit company prefix + 5-digit item."""
    body = "0%s%05d" % (prefix, item)
    s = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
    return body + str((10 - s % 10) % 10)


def load_categories():
    cats = []
    for line in open(os.path.join(TOP, "formats", "categories.xml"), encoding="utf-8"):
        if "<category " not in line:
            continue
        code = line.split('code="')[1].split('"')[0]
        name = line.split(' name="')[1].split('"')[0]
        zh = line.split('name-zh="')[1].split('"')[0]
        cats.append((code, name, zh))
    return cats


def tag(name, attrs, children=None, indent="  "):
    a = " ".join("%s=%s" % (k, quoteattr(v)) for k, v in attrs if v is not None)
    if not children:
        return "%s<%s %s/>" % (indent, name, a)
    inner = "\n".join(children)
    return "%s<%s %s>\n%s\n%s</%s>" % (indent, name, a, inner, indent, name)


def public_key(agency):
    key = os.path.join(HERE, "keys", agency + ".key")
    if not os.path.exists(key):
        subprocess.run([AGTRACE, "keygen", "-o", key], check=True,
                       stdout=subprocess.DEVNULL)
    return subprocess.run([AGTRACE, "keygen", "--public", key], check=True,
                          capture_output=True, text=True).stdout.strip()


def group_of(code):
    if code[0] == "V":
        return "veg"
    if code[0] == "L":
        return "meat"
    return "bee" if code in ("F09", "F10") else "fish"


def agency_for(group, rnd):
    if group == "veg":
        return rnd.choice(["A01", "A02"])
    if group == "fish":
        return "A03"
    return "A04" if group == "meat" else "A01"


def main():
    rnd = random.Random(2026)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           "<!-- The example register of agtrace: fictional suppliers, agencies and",
           "     sales points.  Made by examples/make-register.py; agencies' keys",
           "     in examples/keys/ are EXAMPLE ONLY. -->",
           '<batch xmlns="urn:agtrace:batch:1" created="2026-11-20T08:00:00+08:00">']
    for aid, name, accr, _ in AGENCIES:
        out.append(tag("agency", [("id", aid), ("name", name), ("accreditation", accr)],
                       ['    <public-key alg="ed25519">%s</public-key>' % public_key(aid)]))
    suppliers = []
    for i in range(1, 31):
        region = REGIONS[(i * 7) % len(REGIONS)]
        town = region.split(",")[0]
        sid = "S%04d" % i
        suppliers.append((sid, "69%05d" % (21000 + i * 37)))
        out.append(tag("supplier", [
            ("id", sid), ("name", "%s %s" % (town, KINDS[i % len(KINDS)])),
            ("region", region + ", Guangdong"),
            ("licence", "SC%014d" % (10644010000000 + i * 1913)),
            ("contact", "+86 20 8%03d %04d" % (i * 11 % 1000, 1000 + i * 97))]))
    points = []
    for i in range(1, 41):
        pid = "P%04d" % i
        points.append(pid)
        market = ["Farmers' Market", "Fresh Market", "Supermarket", "Community Store"][i % 4]
        out.append(tag("sales-point", [
            ("id", pid), ("name", "%s %s No. %d" % (REGIONS[i % len(REGIONS)].split(",")[0], market, i)),
            ("address", "%d %s Road, %s" % (10 + i * 3, ["Zhongshan", "Jiefang", "Renmin", "Huangpu"][i % 4],
                                          REGIONS[i % len(REGIONS)].split(", ")[1]))]))
    cats = load_categories()
    n = 0
    first_lot = None
    for ci, (code, name, zh) in enumerate(cats):
        for k in range(5):
            n += 1
            if n > 445:
                break
            sid, prefix = suppliers[(ci * 3 + k) % len(suppliers)]
            gtin = gtin14(prefix, 100 + ci)
            day = 1 + (n * 7) % 19
            shelf, unit = SHELF[code[0]]
            lot = "L2026%02d%02d%s" % (11, day, "ABCDE"[k])
            packed = "2026-11-%02d" % day
            product = "%s (%s)" % (name, zh)
            dated = "produced" if code[0] == "L" else "harvested"
            attrs = [("gtin", gtin), ("lot", lot), ("supplier", sid), ("category", code),
                     ("product", product), ("origin-country", "156"),
                     ("origin-place", "%s, Guangdong" % REGIONS[(ci + k) % len(REGIONS)]),
                     (dated, "2026-11-%02d" % max(1, day - 1)), ("packed", packed),
                     ("expires", "2026-%02d-%02d" % ((11, day + shelf) if day + shelf <= 30 else (12, day + shelf - 30))),
                     ("quantity", str(50 * (1 + (n * 13) % 20))), ("unit", unit)]
            children = []
            if k == 0:
                children.append("    <alias>GDTRACE-%s-%05d</alias>" % (code, 10000 + n))
            out.append(tag("lot", attrs, children))
            if first_lot is None:
                first_lot = (gtin, lot)
            group = group_of(code)
            report_lines(out, rnd, n, gtin, lot, day, group, agency_for(group, rnd))
            for p in rnd.sample(points, 1 + n % 3):
                out.append(tag("shipment", [("gtin", gtin), ("lot", lot), ("sales-point", p),
                                            ("shipped", packed), ("quantity", str(10 + n % 40)),
                                            ("unit", unit)]))
    out.append("</batch>")
    sign("\n".join(out) + "\n")
    print("examples/register.xml: %d lots; first lot (01)%s(10)%s" % (n if n <= 445 else 445, *first_lot),
          file=sys.stderr)


def report_lines(out, rnd, n, gtin, lot, day, group, agency):
    number = "R2026-%06d" % (1000 + n)
    items, verdict = [], "pass"
    for analyte, method, unit, limit, value in TESTS[group]:
        item_verdict = "pass"
        if n == 7 and analyte == "chlorpyrifos":  # the failed inspection
            value, item_verdict, verdict = "0.35", "fail", "fail"
        items.append(tag("item", [("analyte", analyte), ("method", method), ("value", value),
                                  ("unit", unit), ("limit", limit), ("verdict", item_verdict)],
                         indent="    "))
    attrs = [("number", number), ("agency", agency), ("sampled", "2026-11-%02d" % day),
             ("issued", "2026-11-%02d" % min(30, day + 1)), ("verdict", verdict)]
    lotref = '    <lot gtin="%s" lot="%s"/>' % (gtin, lot)
    if n == 12:
        # A report issued with a wrong lead result, then corrected.
        wrong = [i.replace('value="0.04"', 'value="0.4"').replace(
            'limit="0.3" verdict="pass"', 'limit="0.3" verdict="fail"') for i in items]
        out.append(tag("report", [("number", number), ("agency", agency),
                                  ("sampled", "2026-11-%02d" % day),
                                  ("issued", "2026-11-%02d" % min(30, day + 1)),
                                  ("verdict", "fail")], [lotref] + wrong))
        attrs = [("number", number + "-C1"), ("agency", agency), ("sampled", "2026-11-%02d" % day),
                 ("issued", "2026-11-%02d" % min(30, day + 2)), ("verdict", "pass"),
                 ("supersedes", number)]
    out.append(tag("report", attrs, [lotref] + items))


def sign(xml):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "batch.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(xml)
        for aid, _, _, _ in AGENCIES:
            signed = subprocess.run([AGTRACE, "sign", "-k", os.path.join(HERE, "keys", aid + ".key"),
                                     path], check=True, capture_output=True).stdout
            with open(path, "wb") as f:
                f.write(signed)
        with open(path, "rb") as f:
            data = f.read()
    with open(os.path.join(HERE, "register.xml"), "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
