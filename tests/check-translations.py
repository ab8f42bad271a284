#!/usr/bin/env python3
# check-translations.py: the data test of po/ (#13).
#
#   check-translations.py SOURCE_ROOT [DESKTOP_FILE METAINFO_FILE]
#
# Checks that po/POTFILES.in is sorted and names every source file with
# translatable strings (C, .ui, desktop, metainfo, GSettings schema), builds
# a fresh template from the sources with xgettext (the arguments of meson's
# glib preset), and for each language in po/LINGUAS runs msgfmt --check
# --check-format on the .po as written and on it merged with the fresh
# template, failing below 95 % translated. Prints the statistics. Given the
# built desktop entry and metainfo, checks that each language was merged in.
#
# Copyright 2026 The Dockhand Authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile

MIN_TRANSLATED = 0.95

# meson's i18n.gettext(preset: 'glib') arguments for xgettext.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]

C_MARKERS = re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|ngettext|g_dpgettext2)\s*\(\s*(?:GETTEXT_PACKAGE\s*,\s*)?"')
UI_MARKER = re.compile(r'translatable="yes"')

failures = []


def fail(message):
    failures.append(message)
    print('FAIL: ' + message)


def check_potfiles(root):
    path = os.path.join(root, 'po', 'POTFILES.in')
    listed = [l.strip() for l in open(path, encoding='utf-8')
              if l.strip() and not l.startswith('#')]
    if listed != sorted(listed):
        fail('po/POTFILES.in is not sorted (C order)')
    for f in listed:
        if not os.path.exists(os.path.join(root, f)):
            fail('po/POTFILES.in names %s, which does not exist' % f)
    for d in ('data',):
        for name in sorted(os.listdir(os.path.join(root, d))):
            if name.endswith(('.desktop.in.in', '.metainfo.xml.in.in', '.gschema.xml')):
                if '%s/%s' % (d, name) not in listed:
                    fail('po/POTFILES.in does not name %s/%s' % (d, name))
    for dirpath, _dirs, files in os.walk(os.path.join(root, 'src')):
        for name in sorted(files):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if name.endswith('.c'):
                marked = C_MARKERS.search(open(full, encoding='utf-8').read())
            elif name.endswith('.ui'):
                marked = UI_MARKER.search(open(full, encoding='utf-8').read())
            else:
                continue
            if marked and rel not in listed:
                fail('%s has translatable strings but po/POTFILES.in does not name it' % rel)
    return listed


def statistics(po):
    out = subprocess.run(['msgfmt', '--check', '--check-format', '--statistics',
                          '-o', os.devnull, po],
                         capture_output=True, text=True, env=dict(os.environ, LC_ALL='C'))
    if out.returncode != 0:
        fail('msgfmt --check %s:\n%s' % (po, out.stderr))
        return None
    counts = {'translated': 0, 'fuzzy': 0, 'untranslated': 0}
    for number, kind in re.findall(r'(\d+) (translated|fuzzy|untranslated)', out.stderr):
        counts[kind] = int(number)
    return counts


def main():
    root = sys.argv[1]
    listed = check_potfiles(root)
    linguas = [l for l in open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8').read().split()
               if not l.startswith('#')]
    if not linguas:
        fail('po/LINGUAS names no language')

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'dockhand.pot')
        out = subprocess.run(['xgettext', '--package-name=dockhand', '--directory=' + root,
                              '--output=' + pot] + XGETTEXT_ARGS + listed,
                             capture_output=True, text=True)
        if out.returncode != 0:
            fail('xgettext failed:\n' + out.stderr)
            return 1

        for lang in linguas:
            po = os.path.join(root, 'po', lang + '.po')
            if not os.path.exists(po):
                fail('po/LINGUAS names %s, but po/%s.po does not exist' % (lang, lang))
                continue
            header = open(po, encoding='utf-8').read(4000)
            if 'Plural-Forms: nplurals=' not in header or 'Language: %s\\n' % lang not in header:
                fail('po/%s.po has no Plural-Forms or Language header' % lang)
            if statistics(po) is None:
                continue
            merged = os.path.join(tmp, lang + '.po')
            out = subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching',
                                  '-o', merged, po, pot], capture_output=True, text=True)
            if out.returncode != 0:
                fail('msgmerge po/%s.po:\n%s' % (lang, out.stderr))
                continue
            counts = statistics(merged)
            if counts is None:
                continue
            total = sum(counts.values())
            ratio = counts['translated'] / total if total else 0
            print('%s: %d of %d translated (%.1f %%), %d fuzzy, %d untranslated'
                  % (lang, counts['translated'], total, 100 * ratio,
                     counts['fuzzy'], counts['untranslated']))
            if ratio < MIN_TRANSLATED:
                fail('po/%s.po translates %.1f %% of the sources\' strings, below %d %%: '
                     'run ninja -C _build dockhand-update-po and translate the new ones'
                     % (lang, 100 * ratio, 100 * MIN_TRANSLATED))

    if len(sys.argv) == 4:
        desktop = open(sys.argv[2], encoding='utf-8').read()
        metainfo = open(sys.argv[3], encoding='utf-8').read()
        for lang in linguas:
            if 'GenericName[%s]=' % lang not in desktop or 'Comment[%s]=' % lang not in desktop:
                fail('the desktop entry has no %s translation' % lang)
            if 'xml:lang="%s"' % lang not in metainfo:
                fail('the metainfo has no %s translation' % lang)

    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
