#!/usr/bin/env python3
"""test/mutate.py - mutation testing of the headers against the unit suite.

Debian packages no mutation tester for C, so this is a small one: it makes
one small change (a mutant) at a time to a copy of coro.h or gen.h, builds
the unit suite (test/t_*.c) with gcc -O0 for both backends, runs it, and
counts the mutant as killed when a build or a check fails, or the run
crashes or hangs (20 s). A mutant that survives is a change no test
noticed: either a gap in the tests or an equivalent change (a store that is
never read, a bound that cannot be reached); read each one.

    python3 test/mutate.py [coro.h|gen.h] [-j N] [--only RESULTS]

Mutants: each relational, equality and logical operator flipped (== !=,
< <=, > >=, && ||), ++/--, +1/-1, a leading ! dropped, and each plain
statement deleted. Results go to build/mutate/HEADER.res, one line each:
killed | survived | compile, file:line, the change, the line. --only re-runs
the mutants a results file lists as survived (after new tests). Not run by
make test: the whole of coro.h takes about 25 minutes on 2 cores.
"""
import concurrent.futures as cf
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'build', 'mutate')
OPS = [(' == ', ' != '), (' != ', ' == '), (' < ', ' <= '), (' <= ', ' < '),
       (' > ', ' >= '), (' >= ', ' > '), (' && ', ' || '), (' || ', ' && '),
       ('++', '--'), (' + 1', ' - 1'), (' - 1', ' + 1')]
DECL = re.compile(r'^\s+(int|unsigned|const|size_t|gen_|coro_|char|long|void|struct|'
                  r'static|signed|typedef|name\b|Y |S |R )')


def code_lines(lines):
    """(index, text without comments) of each line outside comments and
    preprocessor directives"""
    in_comment = False
    for i, line in enumerate(lines):
        s = line
        if in_comment:
            if '*/' not in s:
                continue
            in_comment, s = False, s.split('*/', 1)[1]
        s = re.sub(r'/\*.*?\*/', '', s)
        if '/*' in s:
            in_comment, s = True, s.split('/*')[0]
        if not s.strip().startswith('#'):
            yield i, s


def mutants(lines):
    for i, s in code_lines(lines):
        for a, b in OPS:
            if a in s:
                yield i, lines[i].replace(a, b, 1), f'{a.strip()} -> {b.strip()}'
        if re.search(r'\(![a-z_(]', s):
            yield i, lines[i].replace('(!', '(', 1), 'drop !'
        if (re.match(r'^\s+[a-z_][^;{}]*;\s*\\?\s*$', s) and not DECL.match(s)
                and not re.match(r'^\s+(return|break|continue|case|default)\b', s)):
            cont = ' \\' if s.rstrip().endswith('\\') else ''
            yield i, re.match(r'^(\s*)', lines[i]).group(1) + ';' + cont, 'delete statement'


def run(header, lines, k, mutant):
    i, new, _ = mutant
    d = os.path.join(OUT, f'w{k}')
    os.makedirs(d, exist_ok=True)
    for h in ('coro.h', 'gen.h'):
        shutil.copy(os.path.join(ROOT, h), d)
    changed = list(lines)
    changed[i] = new
    with open(os.path.join(d, header), 'w') as f:
        f.write('\n'.join(changed))
    suite = ' '.join(os.path.join(ROOT, 'test', f) for f in
                     ['unit.c', 'all.c', 'main_host.c', 'host_io.c'] +
                     sorted(f for f in os.listdir(os.path.join(ROOT, 'test'))
                            if f.startswith('t_') and f.endswith('.c')))
    result = 'survived'
    for backend in ('SWITCH', 'GOTO'):
        exe = os.path.join(d, 'suite')
        build = subprocess.run(f'gcc -std=c99 -O0 -w -DCORO_BACKEND_{backend} -I{d} '
                               f'-I{ROOT}/test {suite} -o {exe}', shell=True,
                               capture_output=True)
        if build.returncode:
            result = 'compile'
            break
        try:
            r = subprocess.run(exe, capture_output=True, timeout=20)
            if r.returncode or b' 0 failed' not in r.stdout:
                result = 'killed'
                break
        except subprocess.TimeoutExpired:
            result = 'killed'
            break
    shutil.rmtree(d)
    return result


def main():
    args = sys.argv[1:]
    header = next((a for a in args if a.endswith('.h')), 'coro.h')
    jobs = int(args[args.index('-j') + 1]) if '-j' in args else os.cpu_count() or 1
    with open(os.path.join(ROOT, header)) as f:
        lines = f.read().split('\n')
    todo = list(mutants(lines))
    if '--only' in args:
        keep = set()
        with open(args[args.index('--only') + 1]) as f:
            for row in f:
                res, where, what = row.split('\t')[:3]
                if res == 'survived':
                    keep.add((int(where.rsplit(':', 1)[1]) - 1, what))
        todo = [m for m in todo if (m[0], m[2]) in keep]
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, header + '.res')
    counts = {}
    with open(path + '.new', 'w') as out, cf.ThreadPoolExecutor(jobs) as ex:
        for (i, _, what), res in zip(todo, ex.map(lambda km: run(header, lines, *km),
                                                  enumerate(todo))):
            counts[res] = counts.get(res, 0) + 1
            out.write(f'{res}\t{header}:{i + 1}\t{what}\t{lines[i].strip()[:100]}\n')
    os.replace(path + '.new', path)
    print(f'{header}: {len(todo)} mutants: ' +
          ', '.join(f'{n} {r}' for r, n in sorted(counts.items())) + f' ({path})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
