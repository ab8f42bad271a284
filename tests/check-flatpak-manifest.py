#!/usr/bin/env python3
# check-flatpak-manifest.py: the data test of the Flatpak manifest (#13).
#
#   check-flatpak-manifest.py MANIFEST APP_ID
#
# Parses the manifest as JSON and checks the app id, the command, the GNOME
# runtime and SDK of one version, a meson module built from this checkout,
# and that finish-args are exactly the permissions Dockhand needs (no more).
#
# Copyright 2026 The Dockhand Authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import sys

# What each permission is for; flatpak-spawn --host (src/core/dh-host-command.c)
# needs org.freedesktop.Flatpak to run credential helpers and ssh on the host.
FINISH_ARGS = {
    '--socket=wayland': 'the display',
    '--socket=fallback-x11': 'the display without Wayland',
    '--share=ipc': 'X11 shared memory',
    '--device=dri': 'GPU rendering',
    '--share=network': 'Docker Hub, registries, tcp:// engines',
    '--talk-name=org.freedesktop.secrets': 'the keyring',
    '--talk-name=org.freedesktop.Flatpak': 'flatpak-spawn --host for credential helpers and ssh',
    '--filesystem=/run/docker.sock': 'the system Docker socket',
    '--filesystem=xdg-run/docker.sock': 'rootless Docker',
    '--filesystem=xdg-run/podman:ro': "Podman's socket",
    '--filesystem=~/.docker:ro': "docker's config.json and contexts",
    '--filesystem=xdg-config/containers:ro': "Podman's auth.json and registries",
}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print('FAIL: ' + message)


def main():
    path, app_id = sys.argv[1], sys.argv[2]
    try:
        manifest = json.load(open(path, encoding='utf-8'))
    except (OSError, ValueError) as error:
        print('FAIL: %s is not valid JSON: %s' % (path, error))
        return 1

    check(manifest.get('id', manifest.get('app-id')) == app_id,
          'the app id is %r, not %r' % (manifest.get('id'), app_id))
    check(manifest.get('command') == 'dockhand',
          'the command is %r, not dockhand' % manifest.get('command'))
    check(manifest.get('runtime') == 'org.gnome.Platform', 'the runtime is not org.gnome.Platform')
    check(manifest.get('sdk') == 'org.gnome.Sdk', 'the SDK is not org.gnome.Sdk')
    version = str(manifest.get('runtime-version', ''))
    check(version.isdigit() and int(version) >= 45,
          'runtime-version %r is not a current GNOME release' % version)

    args = manifest.get('finish-args', [])
    check(len(args) == len(set(args)), 'finish-args repeat a permission')
    for arg, why in FINISH_ARGS.items():
        check(arg in args, 'finish-args lack %s (%s)' % (arg, why))
    for arg in args:
        check(arg in FINISH_ARGS, 'finish-args grant %s, which Dockhand does not need' % arg)

    modules = manifest.get('modules', [])
    check(len(modules) > 0 and isinstance(modules[-1], dict), 'no modules')
    if modules and isinstance(modules[-1], dict):
        app = modules[-1]
        check(app.get('name') == 'dockhand', 'the last module is not dockhand')
        check(app.get('buildsystem') == 'meson', 'dockhand is not built with meson')
        check('-Ddevelopment=true' in app.get('config-opts', []),
              'the Devel manifest does not build the development flavour')
        check({'type': 'dir', 'path': '..'} in app.get('sources', []),
              'dockhand is not built from this checkout (a "dir" source at "..")')

    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
