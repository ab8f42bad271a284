/* dh-json-scanner.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dh-json-scanner-private.h"

/* See dh-json-scanner-private.h for why there is a JSON reader beside
 * json-glib, and what it promises. */

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
scan_hex4 (DhJsonScanner *scan,
           gunichar      *out)
{
  gunichar value = 0;

  if (scan->end - scan->p < 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      int h = hex_value (scan->p[i]);

      if (h < 0)
        return FALSE;
      value = (value << 4) | h;
    }

  scan->p += 4;
  *out = value;
  return TRUE;
}

/* Reads a string into scan->buffer (valid UTF-8, NUL-terminated). */
gboolean
_dh_json_scan_string (DhJsonScanner *scan)
{
  const char *start;

  if (!_dh_json_scan_char (scan, '"'))
    return FALSE;

  g_string_truncate (scan->buffer, 0);

  for (;;)
    {
      start = scan->p;
      while (scan->p < scan->end && *scan->p != '"' && *scan->p != '\\' &&
             (guchar)*scan->p >= 0x20)
        scan->p++;

      g_string_append_len (scan->buffer, start, scan->p - start);

      if (scan->p >= scan->end || (guchar)*scan->p < 0x20)
        return FALSE;

      if (*scan->p == '"')
        {
          scan->p++;
          return g_utf8_validate (scan->buffer->str, scan->buffer->len, NULL);
        }

      /* A backslash escape. */
      scan->p++;
      if (scan->p >= scan->end)
        return FALSE;

      switch (*scan->p++)
        {
        case '"':  g_string_append_c (scan->buffer, '"'); break;
        case '\\': g_string_append_c (scan->buffer, '\\'); break;
        case '/':  g_string_append_c (scan->buffer, '/'); break;
        case 'b':  g_string_append_c (scan->buffer, '\b'); break;
        case 'f':  g_string_append_c (scan->buffer, '\f'); break;
        case 'n':  g_string_append_c (scan->buffer, '\n'); break;
        case 'r':  g_string_append_c (scan->buffer, '\r'); break;
        case 't':  g_string_append_c (scan->buffer, '\t'); break;
        case 'u':
          {
            gunichar c, low;

            if (!scan_hex4 (scan, &c))
              return FALSE;

            if (c >= 0xD800 && c < 0xDC00)
              {
                if (scan->end - scan->p < 2 || scan->p[0] != '\\' || scan->p[1] != 'u')
                  return FALSE;
                scan->p += 2;
                if (!scan_hex4 (scan, &low) || low < 0xDC00 || low > 0xDFFF)
                  return FALSE;
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
              }
            else if (c >= 0xDC00 && c <= 0xDFFF)
              return FALSE;

            /* json-glib refuses embedded NULs; so do we (fall back). */
            if (c == 0)
              return FALSE;

            g_string_append_unichar (scan->buffer, c);
            break;
          }
        default:
          return FALSE;
        }
    }
}

/* A JSON number that is an integer without fraction or exponent. */
gboolean
_dh_json_scan_integer (DhJsonScanner *scan,
                       gint64        *out)
{
  gboolean negative = FALSE;
  guint64 value = 0;
  const char *digits;

  _dh_json_scan_ws (scan);
  if (scan->p < scan->end && *scan->p == '-')
    {
      negative = TRUE;
      scan->p++;
    }

  digits = scan->p;
  while (scan->p < scan->end && g_ascii_isdigit (*scan->p))
    {
      if (value > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      value = value * 10 + (*scan->p - '0');
      scan->p++;
    }

  if (scan->p == digits || (scan->p - digits > 1 && *digits == '0'))
    return FALSE;
  if (scan->p < scan->end && (*scan->p == '.' || *scan->p == 'e' || *scan->p == 'E'))
    return FALSE;
  if (value > (guint64)G_MAXINT64)
    return FALSE;

  *out = negative ? -(gint64)value : (gint64)value;
  return TRUE;
}

gboolean
_dh_json_scan_literal (DhJsonScanner *scan,
                       const char    *word)
{
  gsize len = strlen (word);

  _dh_json_scan_ws (scan);
  if ((gsize)(scan->end - scan->p) < len || memcmp (scan->p, word, len) != 0)
    return FALSE;

  scan->p += len;
  return TRUE;
}

gboolean
_dh_json_scan_skip_value (DhJsonScanner *scan,
                          guint          depth)
{
  if (depth > DH_JSON_SCAN_MAX_DEPTH)
    return FALSE;

  _dh_json_scan_ws (scan);
  if (scan->p >= scan->end)
    return FALSE;

  switch (*scan->p)
    {
    case '"':
      return _dh_json_scan_string (scan);

    case '{':
      scan->p++;
      if (_dh_json_scan_char (scan, '}'))
        return TRUE;
      do
        {
          if (!_dh_json_scan_string (scan) || !_dh_json_scan_char (scan, ':') || !_dh_json_scan_skip_value (scan, depth + 1))
            return FALSE;
        }
      while (_dh_json_scan_char (scan, ','));
      return _dh_json_scan_char (scan, '}');

    case '[':
      scan->p++;
      if (_dh_json_scan_char (scan, ']'))
        return TRUE;
      do
        {
          if (!_dh_json_scan_skip_value (scan, depth + 1))
            return FALSE;
        }
      while (_dh_json_scan_char (scan, ','));
      return _dh_json_scan_char (scan, ']');

    case 't':
      return _dh_json_scan_literal (scan, "true");
    case 'f':
      return _dh_json_scan_literal (scan, "false");
    case 'n':
      return _dh_json_scan_literal (scan, "null");

    default:
      {
        /* Any number (fractions too): validate its shape. */
        const char *start = scan->p;

        if (*scan->p == '-')
          scan->p++;
        if (scan->p >= scan->end || !g_ascii_isdigit (*scan->p))
          return FALSE;
        if (*scan->p == '0' && scan->p + 1 < scan->end && g_ascii_isdigit (scan->p[1]))
          return FALSE;
        while (scan->p < scan->end && g_ascii_isdigit (*scan->p))
          scan->p++;
        if (scan->p < scan->end && *scan->p == '.')
          {
            scan->p++;
            if (scan->p >= scan->end || !g_ascii_isdigit (*scan->p))
              return FALSE;
            while (scan->p < scan->end && g_ascii_isdigit (*scan->p))
              scan->p++;
          }
        if (scan->p < scan->end && (*scan->p == 'e' || *scan->p == 'E'))
          {
            scan->p++;
            if (scan->p < scan->end && (*scan->p == '+' || *scan->p == '-'))
              scan->p++;
            if (scan->p >= scan->end || !g_ascii_isdigit (*scan->p))
              return FALSE;
            while (scan->p < scan->end && g_ascii_isdigit (*scan->p))
              scan->p++;
          }
        return scan->p > start;
      }
    }
}

gboolean
_dh_json_scan_string_or_skip (DhJsonScanner  *scan,
                              char          **out)
{
  g_clear_pointer (out, g_free);

  if (!_dh_json_scan_peek (scan, '"'))
    return _dh_json_scan_skip_value (scan, 1);

  if (!_dh_json_scan_string (scan))
    return FALSE;

  *out = g_strndup (scan->buffer->str, scan->buffer->len);
  return TRUE;
}

gboolean
_dh_json_scan_integer_or_skip (DhJsonScanner *scan,
                               gint64        *out,
                               gboolean      *have)
{
  _dh_json_scan_ws (scan);
  *have = FALSE;

  if (scan->p < scan->end && (*scan->p == '-' || g_ascii_isdigit (*scan->p)))
    {
      if (!_dh_json_scan_integer (scan, out))
        return FALSE;
      *have = TRUE;
      return TRUE;
    }

  return _dh_json_scan_skip_value (scan, 1);
}

gboolean
_dh_json_scan_boolean_or_skip (DhJsonScanner *scan,
                               gboolean      *out,
                               gboolean      *have)
{
  *have = FALSE;

  if (_dh_json_scan_literal (scan, "true"))
    *out = *have = TRUE;
  else if (_dh_json_scan_literal (scan, "false"))
    {
      *out = FALSE;
      *have = TRUE;
    }
  else
    return _dh_json_scan_skip_value (scan, 1);

  return TRUE;
}
