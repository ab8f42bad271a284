/* dh-json-scanner-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A strict one-pass JSON reader for the few answers that come in bulk
 * (the engine's image listing, the Hub's pages of repositories), where
 * building a json-glib tree costs more than the work around it: json-glib
 * reads a 40 KB page of 100 repositories in ~1.8 ms, of which ~0.5 ms is
 * building the tree; reading it here, the repositories built, ~0.2 ms.
 *
 * Its readers keep only the fields they know and give up (return FALSE)
 * on any shape they were not written for; their callers then read the
 * same bytes through json-glib, which copes with anything, and both ways
 * give the same objects. Untrusted input: every string is checked to be
 * UTF-8 without NULs, nesting is bounded by DH_JSON_SCAN_MAX_DEPTH, and
 * nothing is read past @end. */

#define DH_JSON_SCAN_MAX_DEPTH 64

typedef struct
{
  const char *p;
  const char *end;
  GString    *buffer;   /* the last string read, NUL-terminated */
} DhJsonScanner;

static inline void
_dh_json_scan_ws (DhJsonScanner *scan)
{
  while (scan->p < scan->end &&
         (*scan->p == ' ' || *scan->p == '\n' || *scan->p == '\r' || *scan->p == '\t'))
    scan->p++;
}

/* Skips white space, then @c if it comes next. */
static inline gboolean
_dh_json_scan_char (DhJsonScanner *scan,
                    char           c)
{
  _dh_json_scan_ws (scan);
  if (scan->p < scan->end && *scan->p == c)
    {
      scan->p++;
      return TRUE;
    }
  return FALSE;
}

/* Skips white space; whether @c comes next (not read). */
static inline gboolean
_dh_json_scan_peek (DhJsonScanner *scan,
                    char           c)
{
  _dh_json_scan_ws (scan);
  return scan->p < scan->end && *scan->p == c;
}

/* Whether only white space is left. */
static inline gboolean
_dh_json_scan_at_end (DhJsonScanner *scan)
{
  _dh_json_scan_ws (scan);
  return scan->p == scan->end;
}

gboolean _dh_json_scan_string     (DhJsonScanner *scan);
gboolean _dh_json_scan_integer    (DhJsonScanner *scan,
                                   gint64        *out);
gboolean _dh_json_scan_literal    (DhJsonScanner *scan,
                                   const char    *word);
gboolean _dh_json_scan_skip_value (DhJsonScanner *scan,
                                   guint          depth);

/* For a member of a known type: reads a string (TRUE, @out set to a
 * copy), or skips a value of any other type (TRUE, @out set to NULL, as
 * _dh_json_get_string() gives for it). FALSE: not JSON, or a string the
 * scanner does not take. Frees what @out held: the last of two members
 * of the same name counts, as it does in json-glib. */
gboolean _dh_json_scan_string_or_skip  (DhJsonScanner  *scan,
                                        char          **out);

/* The same for an integer (FALSE for a fraction or an exponent, which
 * _dh_json_get_int() takes: the caller gives up and json-glib reads it):
 * @have tells whether @out was set. */
gboolean _dh_json_scan_integer_or_skip (DhJsonScanner  *scan,
                                        gint64         *out,
                                        gboolean       *have);

/* The same for true or false. */
gboolean _dh_json_scan_boolean_or_skip (DhJsonScanner  *scan,
                                        gboolean       *out,
                                        gboolean       *have);

G_END_DECLS
