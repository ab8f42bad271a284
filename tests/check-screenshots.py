#!/usr/bin/env python3
# check-screenshots.py: every screenshot the README shows is in the
# metainfo, with a caption, and exists in data/screenshots (#13).
#
#   check-screenshots.py SOURCE_ROOT
#
# Copyright 2026 The Dockhand Authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1]
readme = open(os.path.join(root, 'README.md'), encoding='utf-8').read()
shown = sorted(set(re.findall(r'data/screenshots/([\w.-]+\.png)', readme)))

tree = ET.parse(os.path.join(root, 'data', 'io.github.dockhand.Dockhand.metainfo.xml.in.in'))
listed = {}
for shot in tree.getroot().iter('screenshot'):
    image = shot.find('image')
    caption = shot.find('caption')
    name = os.path.basename(image.text.strip()) if image is not None and image.text else None
    listed[name] = caption.text.strip() if caption is not None and caption.text else ''

failed = False
for name in shown:
    if not os.path.isfile(os.path.join(root, 'data', 'screenshots', name)):
        print('FAIL: README shows data/screenshots/%s, which does not exist' % name)
        failed = True
    if name not in listed:
        print('FAIL: README shows %s but the metainfo does not list it' % name)
        failed = True
    elif not listed[name]:
        print('FAIL: the metainfo lists %s without a caption' % name)
        failed = True
for name in listed:
    if name not in shown:
        print('FAIL: the metainfo lists %s but the README does not show it' % name)
        failed = True

print('%d screenshots in the README, %d in the metainfo' % (len(shown), len(listed)))
sys.exit(1 if failed else 0)
