#!/usr/bin/env python3
"""Independent broken-link counter for a DocFX-style docset folder (stdlib only).

Usage: bench/verify_links.py ROOT [--list [--notes]] [--json] [--info]

  --list   every finding as `file:line: kind target` (line of the link's `[`; for TOC.yml and
           landing `url:` values, the line of the `href:`/`url:` key), then the totals
  --notes  with --list, append how the target was resolved
  --json   findings and link statistics as JSON
  --info   link statistics and links that were skipped on purpose (non-page files, empty targets)

Treats ROOT as one site and reports:
  missing-page       relative link to a .md/.yml file that does not exist
  case-mismatch      ... exists, but only with a different letter case
  redirect-followed  ... does not exist but is a source_path in .openpublishing.redirection.json
  missing-anchor     #anchor not defined on an existing target page (or the same page)

Links are Markdown `[text](target)` (not inside CommonMark HTML blocks such as `<table>`, where
Markdown is not parsed) in .md files and in the Markdown fields of YamlMime:FAQ /
YamlMime:Landing .yml files (answer, summary, additionalContent), landing `url:` values and
TOC.yml `href:` values. Images, includes, links in fenced code blocks / code spans / HTML
comments, external links and tab links (`#tab/...`) are ignored. Root-relative links
`/a/b/c` count only when the folder `a/b` exists under ROOT.

This file was written without reference to ajuda's source code.
"""
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from urllib.parse import unquote

KINDS = ("missing-page", "case-mismatch", "redirect-followed", "missing-anchor")
PAGE_EXTS = (".md", ".yml")
MD_FIELDS = ("answer", "summary", "additionalContent")


# --------------------------------------------------------------------------- markdown text prep

FENCE_RE = re.compile(r"^( *)(`{3,}|~{3,})(.*)$")


def blank_keep_newlines(s):
    return re.sub(r"[^\n]", " ", s)


BLOCK_TAGS = set("""address article aside base basefont blockquote body caption center col colgroup dd
details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6
head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param
search section summary table tbody td tfoot th thead title tr track ul""".split())
HTML6_RE = re.compile(r"^</?([A-Za-z][A-Za-z0-9-]*)(?:[ \t>]|/>|$)")
ATTR = r"(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)"
HTML7_RE = re.compile(r"^(?:<[A-Za-z][A-Za-z0-9-]*" + ATTR + r"*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$")


def blank_html_blocks(clean):
    """CommonMark HTML blocks (types 1, 6, 7; types 2-5 do not occur un-blanked here): Markdown
    inside them is not parsed, so links there are not links. Container markers (list
    indentation, '>') are stripped before testing a line, an approximation."""
    lines = clean.split("\n")
    out = []
    in_block = None  # None | "blank" | closing tag name for type 1
    prev_blank = True
    for line in lines:
        probe = re.sub(r"^[ \t>]*", "", line)
        if in_block is None:
            m1 = re.match(r"<(script|pre|style|textarea)(?:[\s>]|$)", probe, re.I)
            m6 = HTML6_RE.match(probe)
            if m1:
                in_block = "</" + m1.group(1).lower() + ">"
            elif m6 and m6.group(1).lower() in BLOCK_TAGS:
                in_block = "blank"
            elif prev_blank and HTML7_RE.match(probe) and not re.match(r"</?(script|pre|style|textarea)\b", probe, re.I):
                in_block = "blank"
            if in_block is None:
                out.append(line)
                prev_blank = line.strip() == ""
                continue
        # inside an HTML block
        if in_block == "blank":
            if line.strip() == "":
                in_block = None
                out.append(line)
                prev_blank = True
                continue
            out.append(" " * len(line))
        else:
            out.append(" " * len(line))
            if in_block in line.lower():
                in_block = None
        prev_blank = False
    return "\n".join(out)


def strip_code_and_comments(text, skip_front_matter, code_spans=True):
    """Return text of the same length/line structure with front matter, fenced code blocks,
    HTML comments and code spans replaced by spaces."""
    lines = text.split("\n")
    out = []
    i = 0
    if skip_front_matter and lines and lines[0].strip() == "---":
        out.append(" " * len(lines[0]))
        i = 1
        while i < len(lines):
            end = lines[i].strip() in ("---", "...")
            out.append(" " * len(lines[i]))
            i += 1
            if end:
                break
    fence = None  # (char, length)
    while i < len(lines):
        line = lines[i]
        # fences inside lists / blockquotes: strip leading whitespace and '>' markers
        probe = re.sub(r"^[ \t>]*", "", line)
        m = re.match(r"^(`{3,}|~{3,})(.*)$", probe)
        if fence is None:
            if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                fence = (m.group(1)[0], len(m.group(1)))
                out.append(" " * len(line))
            else:
                out.append(line)
        else:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= fence[1] and not m.group(2).strip():
                fence = None
            out.append(" " * len(line))
        i += 1
    t = "\n".join(out)
    t = re.sub(r"<!--.*?-->", lambda m: blank_keep_newlines(m.group(0)), t, flags=re.S)
    if code_spans:
        t = blank_code_spans(t)
    return t


def blank_code_spans(t):
    res = []
    i = 0
    n = len(t)
    while i < n:
        c = t[i]
        if c == "\\" and i + 1 < n:
            res.append(t[i:i + 2])
            i += 2
            continue
        if c == "`":
            j = i
            while j < n and t[j] == "`":
                j += 1
            ticks = t[i:j]
            k = t.find(ticks, j)
            # closing run must be exactly the same length and must not cross a blank line
            while k != -1 and (k + len(ticks) < n and t[k + len(ticks)] == "`"):
                k2 = k
                while k2 < n and t[k2] == "`":
                    k2 += 1
                k = t.find(ticks, k2)
            if k != -1 and "\n\n" not in t[j:k]:
                res.append(blank_keep_newlines(t[i:k + len(ticks)]))
                i = k + len(ticks)
                continue
            res.append(ticks)
            i = j
            continue
        res.append(c)
        i += 1
    return "".join(res)


# --------------------------------------------------------------------------- link scanner

def parse_destination(t, i):
    """t[i] is just after '('. Returns (target, end_index) or None."""
    n = len(t)
    while i < n and t[i] in " \t\n":
        i += 1
    if i < n and t[i] == "<":
        j = t.find(">", i)
        if j == -1 or "\n" in t[i:j]:
            return None
        target = t[i + 1:j]
        i = j + 1
    else:
        depth = 0
        j = i
        while j < n:
            c = t[j]
            if c == "\\" and j + 1 < n:
                j += 2
                continue
            if c in " \t\n":
                break
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            j += 1
        target = t[i:j]
        i = j
    # optional title
    while i < n and t[i] in " \t\n":
        i += 1
    if i < n and t[i] in "\"'(":
        close = {"\"": "\"", "'": "'", "(": ")"}[t[i]]
        j = t.find(close, i + 1)
        if j == -1:
            return None
        i = j + 1
        while i < n and t[i] in " \t\n":
            i += 1
    if i < n and t[i] == ")":
        return target, i + 1
    return None


def scan_links(t):
    """Yield (offset_of_open_bracket, target, kind) with kind 'link' | 'image' | 'include'."""
    stack = []  # offsets of '['
    i = 0
    n = len(t)
    while i < n:
        c = t[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            stack.append(i)
        elif c == "]" and stack:
            start = stack.pop()
            if i + 1 < n and t[i + 1] == "(":
                d = parse_destination(t, i + 2)
                if d is not None:
                    target, end = d
                    if start > 0 and t[start - 1] == "!":
                        kind = "image"
                    elif stack and re.match(r"\[\s*!\s*INCLUDE", t[stack[-1]:], re.I):
                        kind = "include"
                    else:
                        kind = "link"
                    yield start, target, kind
                    i = end
                    continue
        i += 1


# --------------------------------------------------------------------------- anchors

TAG_RE = re.compile(r"<[^>]*>")
NAME_ID_RE = re.compile(r"<a\s[^>]*?\bname\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
ID_RE = re.compile(r"(?<![\w-])id\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")


def explicit_anchors(text):
    out = set()
    for m in NAME_ID_RE.finditer(text):
        out.add(m.group(1) if m.group(1) is not None else m.group(2))
    for m in ID_RE.finditer(text):
        out.add(m.group(1) if m.group(1) is not None else m.group(2))
    out.discard("")
    return out


def heading_plain_text(h):
    h = re.sub(r"[ \t]+#+$", "", h)           # closing sequence
    if re.fullmatch(r"#+", h):
        h = ""
    h = re.sub(r"!\[([^\]]*)\]\([^)]*\)", "", h)  # images contribute no text
    h = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", h)  # links -> text
    h = TAG_RE.sub("", h)                       # html tags incl. <a name=...></a>
    h = re.sub(r":::no-loc\s+text=\"([^\"]*)\":::", r"\1", h)
    h = re.sub(r"`+", "", h)
    h = re.sub(r"(\*\*|__)(.+?)\1", r"\2", h)
    h = re.sub(r"(?<![\w])([*_])(.+?)\1(?![\w])", r"\2", h)
    h = h.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return h.strip()


def github_slug(text):
    out = []
    for ch in text.lower():
        if ch == " ":
            out.append("-")
        elif ch in "-_" or ch.isalnum():
            out.append(ch)
    return "".join(out)


def faq_question_id(text):
    out = []
    for ch in text.strip().lower():
        if ch.isalnum():
            out.append(ch)
        elif not out or out[-1] != "-":
            out.append("-")
    return "".join(out)


def add_heading_slugs(clean_text, anchors, seen):
    for line in clean_text.split("\n"):
        m = HEADING_RE.match(line)
        if not m:
            continue
        slug = github_slug(heading_plain_text(m.group(2) or ""))
        if not slug:
            continue
        if slug in seen:
            seen[slug] += 1
            anchors.add("%s-%d" % (slug, seen[slug]))
        else:
            seen[slug] = 0
            anchors.add(slug)


# --------------------------------------------------------------------------- minimal YAML scalars

def indent_of(line):
    return len(line) - len(line.lstrip(" "))


KEY_RE = re.compile(r"^(\s*(?:-\s+)*)([A-Za-z_][\w-]*):(?:\s+(.*?))?\s*$")


def yaml_scalars(lines):
    """Yield (key, key_col, key_line_no, [(char, line_no), ...]) for every `key: scalar`.
    Handles plain, single- and double-quoted (multi-line) and block (| >) scalars; for block and
    plain scalars lines are joined with '\n' (enough for Markdown links and ids)."""
    i = 0
    n = len(lines)
    while i < n:
        m = KEY_RE.match(lines[i])
        if not m or lines[i].lstrip().startswith("#"):
            i += 1
            continue
        key = m.group(2)
        col = len(m.group(1))
        val = m.group(3) or ""
        vstart = lines[i].find(val, col + len(key) + 1) if val else len(lines[i])
        chars = []
        nxt = i + 1
        if val[:1] in ("|", ">") and re.fullmatch(r"[|>][+-]?\d?[+-]?(\s+#.*)?", val):
            j = i + 1
            block_indent = None
            while j < n:
                ln = lines[j]
                if ln.strip() == "":
                    j += 1
                    continue
                ind = indent_of(ln)
                if ind <= col:
                    break
                if block_indent is None:
                    block_indent = ind
                j += 1
            # j is first line not in block; trim trailing blanks
            end = j
            while end > i + 1 and lines[end - 1].strip() == "":
                end -= 1
            for k in range(i + 1, end):
                seg = lines[k][block_indent:] if block_indent is not None else ""
                for ch in seg:
                    chars.append((ch, k + 1))
                chars.append(("\n", k + 1))
            nxt = j
        elif val[:1] == '"':
            # double-quoted, possibly multi-line
            k = i
            pos = vstart + 1
            done = False
            pending_break = 0
            while k < n and not done:
                ln = lines[k]
                p = pos
                if k != i:
                    stripped = ln.lstrip(" \t")
                    if stripped == "":
                        pending_break += 1
                        k += 1
                        pos = 0
                        continue
                    if pending_break:
                        chars.append(("\n" * pending_break, k + 1))
                    elif chars and chars[-1][0] != "":
                        chars.append((" ", k + 1))
                    pending_break = 0
                    p = len(ln) - len(stripped)
                while p < len(ln):
                    c = ln[p]
                    if c == "\\":
                        if p + 1 >= len(ln):  # escaped line break
                            chars.append(("", k + 1))
                            p += 1
                            break
                        e = ln[p + 1]
                        if e == "u":
                            chars.append((chr(int(ln[p + 2:p + 6], 16)), k + 1))
                            p += 6
                            continue
                        chars.append(({"n": "\n", "t": "\t", "\"": "\"", "\\": "\\", "/": "/",
                                       "r": "\r", "0": "\0", " ": " ", "_": "\u00a0"}.get(e, e), k + 1))
                        p += 2
                        continue
                    if c == '"':
                        done = True
                        break
                    chars.append((c, k + 1))
                    p += 1
                if not done:
                    # trailing spaces before a line break are folded away
                    while chars and chars[-1][0] in (" ", "\t") and not (p < len(ln)):
                        chars.pop()
                k += 1
                pos = 0
            nxt = k if k > i + 1 else i + 1
        elif val[:1] == "'":
            k = i
            pos = vstart + 1
            done = False
            while k < n and not done:
                ln = lines[k]
                p = pos if k == i else indent_of(ln)
                if k != i and chars:
                    chars.append((" ", k + 1))
                while p < len(ln):
                    c = ln[p]
                    if c == "'":
                        if p + 1 < len(ln) and ln[p + 1] == "'":
                            chars.append(("'", k + 1))
                            p += 2
                            continue
                        done = True
                        break
                    chars.append((c, k + 1))
                    p += 1
                k += 1
            nxt = k if k > i + 1 else i + 1
        else:
            # plain scalar (possibly continued on more-indented lines)
            v = re.sub(r"\s+#.*$", "", val)
            for off, ch in enumerate(v):
                chars.append((ch, i + 1))
            j = i + 1
            if v:
                while j < n and lines[j].strip() and indent_of(lines[j]) > col \
                        and not KEY_RE.match(lines[j]) and not lines[j].lstrip().startswith("- "):
                    chars.append((" ", j + 1))
                    for ch in re.sub(r"\s+#.*$", "", lines[j].strip()):
                        chars.append((ch, j + 1))
                    j += 1
            nxt = j
        yield key, col, i + 1, chars
        i = nxt if nxt > i else i + 1


# --------------------------------------------------------------------------- site model

class Site:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.files = {}      # relpath -> True (exact case)
        self.lower = {}      # lower relpath -> [relpaths]
        self.dirs_lower = set()
        for dp, dns, fns in os.walk(self.root):
            rel_dir = os.path.relpath(dp, self.root).replace(os.sep, "/")
            rel_dir = "" if rel_dir == "." else rel_dir
            self.dirs_lower.add(rel_dir.lower())
            for f in fns:
                rp = (rel_dir + "/" + f) if rel_dir else f
                self.files[rp] = True
                self.lower.setdefault(rp.lower(), []).append(rp)
        self.redirects = {}
        rj = os.path.join(self.root, ".openpublishing.redirection.json")
        if os.path.exists(rj):
            with open(rj, encoding="utf-8-sig") as fh:
                data = json.load(fh)
            for r in data.get("redirections", []):
                sp = norm_path(r.get("source_path", "").replace("\\", "/"))
                if sp is not None:
                    self.redirects[sp.lower()] = r.get("redirect_url")
        self.anchor_cache = {}
        self.findings = []
        self.info = Counter()
        self.info_list = []

    # ---- anchors of a page
    def anchors(self, rel):
        if rel in self.anchor_cache:
            return self.anchor_cache[rel]
        with open(os.path.join(self.root, rel), encoding="utf-8-sig") as fh:
            text = fh.read()
        anchors = set()
        if rel.lower().endswith(".md"):
            clean = strip_code_and_comments(text, True, code_spans=False)
            anchors |= explicit_anchors(clean)
            add_heading_slugs(clean, anchors, {})
        else:
            lines = text.split("\n")
            anchors |= explicit_anchors(text)
            if lines and lines[0].strip().lower().startswith("### yamlmime:faq"):
                seen = {}
                for key, col, ln, chars in yaml_scalars(lines):
                    val = "".join(c for c, _ in chars)
                    if key == "question":
                        qid = faq_question_id(val)
                        if qid:
                            anchors.add(qid)
                    elif key == "name":
                        s = github_slug(val.strip())
                        if s:
                            anchors.add(s)
                    elif key in MD_FIELDS:
                        clean = strip_code_and_comments(val, False, code_spans=False)
                        anchors |= explicit_anchors(clean)
                        add_heading_slugs(clean, anchors, seen)
        self.anchor_cache[rel] = anchors
        return anchors

    def add(self, src, line, kind, target, note=""):
        self.findings.append((src, line, kind, target, note))

    def note(self, kind, src, line, target):
        self.info[kind] += 1
        self.info_list.append((src, line, kind, target))

    # ---- one link
    def check(self, src, line, raw, origin):
        target = raw.strip().replace("\\", "/")
        if not target:
            self.note("empty-target", src, line, raw)
            return
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target) or target.startswith("//"):
            return  # external (http, https, mailto, ...)
        path, frag = target, None
        hpos = path.find("#")
        if hpos != -1:
            path, frag = path[:hpos], path[hpos + 1:]
        qpos = path.find("?")
        if qpos != -1:
            path = path[:qpos]
        path = unquote(path)
        if frag is not None:
            frag = unquote(frag)
        src_dir = src.rsplit("/", 1)[0] if "/" in src else ""
        if path == "":
            page = src
        else:
            if path.startswith("/"):
                rel = norm_path(path.lstrip("/"))
                if rel is None:
                    return
                if path.endswith("/"):
                    folder = rel  # `/a/b/` is the folder a/b itself (its index page)
                else:
                    folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
                if folder.lower() not in self.dirs_lower or folder == "":
                    self.note("root-relative-other-docset", src, line, raw)
                    return
                if path.endswith("/"):
                    candidates = [rel + "/index.md", rel + "/index.yml"]
                elif rel.lower().endswith(PAGE_EXTS):
                    candidates = [rel]
                else:
                    candidates = [rel + ".md", rel + ".yml", rel + "/index.md", rel + "/index.yml"]
                self.note("root-relative-in-corpus", src, line, raw)
            else:
                rel = norm_path((src_dir + "/" + path) if src_dir else path)
                if rel is None:
                    self.note("outside-root", src, line, raw)
                    return
                if not rel.lower().endswith(PAGE_EXTS):
                    self.note("relative-non-page:" + (os.path.splitext(rel)[1] or "(none)"),
                              src, line, raw)
                    return
                candidates = [rel]
            page = None
            for c in candidates:
                if c in self.files:
                    page = c
                    break
            if page is None:
                for c in candidates:
                    if c.lower() in self.lower:
                        page = self.lower[c.lower()][0]
                        self.add(src, line, "case-mismatch", raw, "actual: " + page)
                        break
            if page is None:
                for c in candidates:
                    if c.lower() in self.redirects:
                        self.add(src, line, "redirect-followed", raw,
                                 "-> %s" % self.redirects[c.lower()])
                        return
                self.add(src, line, "missing-page", raw, "resolved: " + candidates[0])
                return
        if frag is None or frag == "":
            return
        if frag.lower().startswith("tab/"):
            return
        anchors = self.anchors(page)
        if frag in anchors:
            return
        if any(frag.lower() == a.lower() for a in anchors):
            self.note("anchor-case-only-match", src, line, raw)
            self.add(src, line, "missing-anchor", raw, "page %s (matches ignoring case)" % page)
            return
        self.add(src, line, "missing-anchor", raw, "page " + page)

    # ---- sources
    def scan_markdown(self, src, text, line_of, origin):
        for off, target, kind in scan_links(text):
            line = line_of(off)
            if kind == "image":
                self.info["image-links"] += 1
                continue
            if kind == "include":
                self.info["include-links"] += 1
                continue
            self.info["links:" + origin] += 1
            self.check(src, line, target, origin)

    def run(self):
        for rel in sorted(self.files):
            low = rel.lower()
            full = os.path.join(self.root, rel)
            if low.endswith(".md"):
                with open(full, encoding="utf-8-sig") as fh:
                    text = fh.read()
                clean = blank_html_blocks(strip_code_and_comments(text, True))
                starts = line_starts(clean)
                self.scan_markdown(rel, clean, lambda off: line_from(starts, off),
                                   "toc.md" if os.path.basename(low) == "toc.md" else "md")
            elif low.endswith(".yml"):
                with open(full, encoding="utf-8-sig") as fh:
                    text = fh.read()
                lines = text.split("\n")
                first = lines[0].strip().lower() if lines else ""
                base = os.path.basename(low)
                is_toc = base == "toc.yml"
                is_faq = first.startswith("### yamlmime:faq")
                is_landing = first.startswith("### yamlmime:landing")
                if not (is_toc or is_faq or is_landing):
                    self.info["yml-skipped"] += 1
                    continue
                for key, col, ln, chars in yaml_scalars(lines):
                    if is_toc and key == "href":
                        self.info["links:toc.yml"] += 1
                        self.check(rel, ln, "".join(c for c, _ in chars), "toc.yml")
                    elif is_landing and key == "url":
                        self.info["links:landing-url"] += 1
                        self.check(rel, ln, "".join(c for c, _ in chars), "landing-url")
                    elif (is_faq or is_landing) and key in MD_FIELDS:
                        val = "".join(c for c, _ in chars)
                        # map offsets in val to source lines
                        offs = []
                        for c, l in chars:
                            offs.extend([l] * len(c))
                        clean = blank_html_blocks(strip_code_and_comments(val, False))
                        self.scan_markdown(rel, clean,
                                           lambda off, offs=offs, ln=ln: offs[off] if off < len(offs) else ln,
                                           "yml:" + key)
                    elif (is_faq or is_landing) and "](" in "".join(c for c, _ in chars):
                        self.note("yml-link-in-unscanned-field:" + key, rel, ln, "")


def line_starts(text):
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def line_from(starts, off):
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= off:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


def norm_path(p):
    parts = []
    for seg in p.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(seg)
    return "/".join(parts)


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1:
        print(__doc__)
        return 2
    site = Site(args[0])
    site.run()
    if "--json" in argv:
        json.dump({"findings": [dict(file=f, line=l, kind=k, target=t, note=n)
                                for f, l, k, t, n in site.findings],
                   "info": dict(site.info)}, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if "--list" in argv:
        for f, l, k, t, n in sorted(site.findings):
            print("%s:%d: %s %s%s" % (f, l, k, t, ("  (" + n + ")") if n and "--notes" in argv else ""))
    counts = Counter(k for _, _, k, _, _ in site.findings)
    for k in KINDS:
        print("%-18s %d" % (k, counts.get(k, 0)))
    if "--info" in argv:
        for k, v in sorted(site.info.items()):
            print("info %-40s %d" % (k, v))
        for f, l, k, t in site.info_list:
            if not k.startswith("root-relative"):
                print("info-item %s:%d: %s %s" % (f, l, k, t))
    return 0


if __name__ == "__main__":
    import signal
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into `head`
    sys.exit(main(sys.argv[1:]))
