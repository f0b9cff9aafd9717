#!/usr/bin/env python3
"""Check that every relative link (and #anchor) in README.md, notebooks/README.md and docs/**/*.md
points at a file (or heading) that exists. Usage: scripts/check-doc-links.py [REPO_ROOT]"""
import os, re, sys, glob
root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
files = [os.path.join(root, 'README.md'), os.path.join(root, 'notebooks', 'README.md')] + glob.glob(os.path.join(root, 'docs', '**', '*.md'), recursive=True)
files = [f for f in files if os.path.exists(f)]
def slugs(path):
    out, seen = set(), {}
    incode = False
    for line in open(path, encoding='utf-8'):
        if line.startswith('```'): incode = not incode; continue
        m = re.match(r'^(#{1,6})\s+(.*)', line)
        if m and not incode:
            t = m.group(2).strip().lower()
            t = re.sub(r'[^\w\- ]', '', t).replace(' ', '-')
            n = seen.get(t, 0); seen[t] = n + 1
            out.add(t if n == 0 else f'{t}-{n}')
    return out
bad = n = 0
for f in files:
    text = open(f, encoding='utf-8').read()
    text = re.sub(r'```.*?```', '', text, flags=re.S)
    for m in re.finditer(r'\]\(([^)\s]+)\)', text):
        target = m.group(1)
        if re.match(r'^[a-z]+:', target): continue
        n += 1
        path, _, anchor = target.partition('#')
        dest = os.path.normpath(os.path.join(os.path.dirname(f), path)) if path else f
        if not os.path.exists(dest):
            print(f'MISSING {os.path.relpath(f, root)} -> {target}'); bad += 1; continue
        if anchor and dest.endswith('.md') and anchor not in slugs(dest):
            print(f'NO ANCHOR {os.path.relpath(f, root)} -> {target}'); bad += 1
print(f'{n} relative links in {len(files)} files, {bad} broken')
sys.exit(1 if bad else 0)
