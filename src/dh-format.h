/* dh-format.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* "Just now", "5 minutes ago", "3 days ago", "2 years ago": @unix_time
 * seen from @now (both seconds since the epoch). */
char     *dh_format_relative_time   (gint64       unix_time,
                                     gint64       now);
/* The date and time of @unix_time in the user's locale, for tooltips. */
char     *dh_format_absolute_time   (gint64       unix_time);
/* Splits a familiar name ("alice/app:1.0", "localhost:5000/x:1") into its
 * repository and tag; the tag is NULL when there is none. Digest
 * references ("x@sha256:…") keep the digest in the repository part. */
void      dh_format_split_name      (const char  *name,
                                     char       **repository,
                                     char       **tag);
/* The repositories of @names, each once, in order, and beside each the
 * tags it carries, joined by ", ". Both arrays are NULL-terminated and
 * have the same length. */
void      dh_format_group_names     (const char * const  *names,
                                     GStrv               *repositories,
                                     GStrv               *tags);

/* For a label showing @command, to be typed again: its lines break at
 * the command's spaces, not inside a word of it that fits on a line
 * (`dockhand-practice-registry`, `127.0.0.1:5000/app:1.0`), and a longer
 * word (a path) breaks without a hyphen added. */
PangoAttrList *dh_format_command_attributes (const char *command);

G_END_DECLS
