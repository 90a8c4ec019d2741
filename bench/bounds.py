#!/usr/bin/env python3
"""Linear cost on hostile pages: time and peak memory at n and 8n.

    bench/bounds.py [--ajuda PATH] [--runs N] [--tmp DIR]

For each case (one big page of headings, a YamlMime:FAQ with many questions, many links on
one line, and the 9 MB page of `## a` lines that the element budget turns into a `limit`
error), builds a one-page site at size n and at 8n with `ajuda build --no-search`, and
measures each build's wall time and peak resident memory (ru_maxrss from wait4, the child
alone). Prints the ratios 8n/n of what each build costs above a one-page site's build (the
binary's fixed cost, measured first): linear cost gives about 8, quadratic about 64. The
median of --runs builds (default 3) is taken. Sites and outputs go to --tmp (default
/dev/shm).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def big_page(n):
    lines = "".join(f"## A heading of a few words {i}\n\nSome text of section {i}, written to be read by someone.\n\n" for i in range(n))
    return {"a.md": "---\ntitle: Big\n---\n# Big\n\n" + lines}


def faq(n):
    qs = "".join(
        f"  - question: Question number {i}?\n    answer: The answer to question {i}.\n"
        for i in range(n)
    )
    return {
        "faq.yml": "### YamlMime:FAQ\ntitle: F\nsummary: S\nsections:\n- name: N\n  questions:\n"
        + qs
    }


def one_line_links(n):
    links = " ".join(f"[l{i}](b.md#s{i % 50})" for i in range(n))
    return {
        "a.md": "---\ntitle: A\n---\n# A\n\n" + links + "\n",
        "b.md": "---\ntitle: B\n---\n# B\n\n"
        + "".join(f"## S{i}\n\n" for i in range(50)),
    }


def hashes(n):
    return {"a.md": "---\ntitle: H\n---\n# H\n\n" + "## a\n" * n}


# (name, site maker, n): 8n is built too.
CASES = [
    ("big page (headings, 1 MB → 8 MB)", big_page, 12_000),
    ("YamlMime:FAQ (questions)", faq, 5_000),
    ("links on one line", one_line_links, 6_000),
    ("`## a` lines (limit error)", hashes, 230_000),
]


def build(ajuda, files, tmp):
    site = tempfile.mkdtemp(dir=tmp, prefix="ajuda-bounds-")
    try:
        for rel, text in files.items():
            with open(os.path.join(site, rel), "w") as f:
                f.write(text)
        size = sum(len(t.encode()) for t in files.values())
        args = [ajuda, "build", "--quiet", "--no-search", "--no-cache", "--root", site,
                "--output", os.path.join(site, "out")]
        start = time.monotonic()
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - start
        code = os.waitstatus_to_exitcode(status)
        if code < 0:
            sys.exit(f"bounds: {args} died of signal {-code}")
        return wall, usage.ru_maxrss, size, code
    finally:
        shutil.rmtree(site, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--ajuda", default=os.path.join(ROOT, "target/release/ajuda"))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--tmp", default="/dev/shm")
    a = p.parse_args()
    if not os.access(a.ajuda, os.X_OK):
        sys.exit(f"bounds: no {a.ajuda}; run `cargo build --release` first or pass --ajuda")
    base = [build(a.ajuda, {"a.md": "---\ntitle: A\n---\n# A\n"}, a.tmp) for _ in range(a.runs)]
    t0 = statistics.median(r[0] for r in base)
    m0 = statistics.median(r[1] for r in base)
    print(f"one-page site: {t0:.3f} s, {m0 / 1024:.0f} MiB (subtracted before the ratios)\n")
    print(f"| case | n | size n / 8n | time n / 8n | ratio | peak n / 8n | ratio | exit |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, make, n in CASES:
        got = {}
        for k in (n, 8 * n):
            files = make(k)
            runs = [build(a.ajuda, files, a.tmp) for _ in range(a.runs)]
            got[k] = (
                statistics.median(r[0] for r in runs),
                statistics.median(r[1] for r in runs),
                runs[0][2],
                runs[0][3],
            )
        (t1, m1, s1, c1), (t8, m8, s8, c8) = got[n], got[8 * n]
        print(
            f"| {name} | {n:,} | {s1 / 1e6:.1f} / {s8 / 1e6:.1f} MB | {t1:.2f} / {t8:.2f} s"
            f" | {(t8 - t0) / (t1 - t0):.1f} | {m1 / 1024:.0f} / {m8 / 1024:.0f} MiB"
            f" | {(m8 - m0) / max(m1 - m0, 1):.1f}"
            f" | {c1} / {c8} |"
        )


if __name__ == "__main__":
    main()
