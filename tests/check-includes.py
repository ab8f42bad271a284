#!/usr/bin/env python3
# check-includes.py: the app's include graph has no cycle except through
# DhWindow and DhApplication, and only they include the headers of
# dialogs, pages and windows (widgets open each other through actions:
# see src/dh-navigate.h).
#
#   check-includes.py SRCDIR
#
# A module is a dh-thing.c/.h pair; an edge is an #include "dh-other.h"
# of one of src/'s own headers (src/core is a library below the app and
# includes nothing of it). Exit status 1 with the offending chain.
#
# Copyright 2026 The Dockhand Authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

HUBS = {'dh-window', 'dh-application'}
# Which modules may include a dialog, page or window header besides the
# hubs: a page's own sub-page (the Docker Hub view shows a repository
# as its second screen) is part of it, not navigation.
EMBEDS = {('dh-hub-page', 'dh-repository-page')}
NAVIGATION_TARGET = re.compile(r'-(dialog|page|window)$')
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)\.h"', re.M)


def read_graph(srcdir):
    modules = {}
    for name in sorted(os.listdir(srcdir)):
        stem, ext = os.path.splitext(name)
        if ext in ('.c', '.h'):
            modules.setdefault(stem, set())
    for stem in modules:
        for ext in ('.c', '.h'):
            path = os.path.join(srcdir, stem + ext)
            if not os.path.exists(path):
                continue
            with open(path, encoding='utf-8') as f:
                for target in INCLUDE.findall(f.read()):
                    if target in modules and target != stem:
                        modules[stem].add(target)
    return modules


def find_cycle(graph, skip):
    state = {}
    stack = []

    def visit(node):
        state[node] = 'open'
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt in skip:
                continue
            if state.get(nxt) == 'open':
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 'done'
        return None

    for node in sorted(graph):
        if node not in skip and node not in state:
            found = visit(node)
            if found:
                return found
    return None


def main():
    if len(sys.argv) != 2:
        print(__doc__ or 'usage: check-includes.py SRCDIR', file=sys.stderr)
        return 2
    graph = read_graph(sys.argv[1])
    if 'dh-window' not in graph or 'dh-application' not in graph:
        print('no dh-window or dh-application in %s' % sys.argv[1], file=sys.stderr)
        return 2

    failed = False
    cycle = find_cycle(graph, HUBS)
    if cycle:
        print('include cycle not through dh-window/dh-application: ' + ' -> '.join(cycle))
        failed = True

    for module in sorted(graph):
        if module in HUBS or module == 'main':
            continue
        for target in sorted(graph[module]):
            if NAVIGATION_TARGET.search(target) and target not in HUBS and (module, target) not in EMBEDS:
                print('%s includes %s.h: open it through an action (src/dh-navigate.h)' % (module, target))
                failed = True

    if not failed:
        print('%d modules, no include cycle outside dh-window/dh-application' % len(graph))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
