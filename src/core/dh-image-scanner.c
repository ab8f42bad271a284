/* dh-image-scanner.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-image"

#include "config.h"

#include <string.h>

#include "dh-image.h"
#include "dh-image-private.h"

/* The one-pass reader of GET /images/json.
 *
 * A listing of thousands of images is megabytes of JSON, and a general
 * JSON tree (json-glib builds a node and a hash table per value) costs a
 * good fraction of the engine's own time to produce it. The scanner below
 * reads the array in one pass and keeps only the fields DhImage needs.
 * It is strict: anything but the documented types (a string Id, string
 * arrays, integer Created and Size, string Labels, or null) makes it give
 * up, and the listing is then read again through json-glib and
 * dh_image_new_from_json(), which copes with any shape. Both paths give
 * the same images for the same input.
 *
 * Why a hand-written scanner at all: bench/bench-images (2,000 images
 * from a real dockerd, see README.md "Benchmarks") times the raw
 * GET /images/json against dh_engine_list_images() and DhImageList on
 * the same bytes; its goal is ≤ 1.05× the raw request. Building the
 * json-glib tree for such a listing alone costs more than that margin,
 * so the listing is read here and json-glib only serves as the fallback.
 * Untrusted input: every string is checked to be UTF-8, nesting is
 * bounded by SCAN_MAX_DEPTH and nothing is kept but the fields above. */

#define SCAN_MAX_DEPTH 64

typedef struct
{
  const char *p;
  const char *end;
  GString    *buffer;
} Scanner;

static inline void
scan_ws (Scanner *scan)
{
  while (scan->p < scan->end &&
         (*scan->p == ' ' || *scan->p == '\n' || *scan->p == '\r' || *scan->p == '\t'))
    scan->p++;
}

static inline gboolean
scan_char (Scanner *scan,
           char     c)
{
  scan_ws (scan);
  if (scan->p < scan->end && *scan->p == c)
    {
      scan->p++;
      return TRUE;
    }
  return FALSE;
}

static inline gboolean
scan_peek (Scanner *scan,
           char     c)
{
  scan_ws (scan);
  return scan->p < scan->end && *scan->p == c;
}

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
scan_hex4 (Scanner  *scan,
           gunichar *out)
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
static gboolean
scan_string (Scanner *scan)
{
  const char *start;

  if (!scan_char (scan, '"'))
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
static gboolean
scan_integer (Scanner *scan,
              gint64  *out)
{
  gboolean negative = FALSE;
  guint64 value = 0;
  const char *digits;

  scan_ws (scan);
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

static gboolean
scan_literal (Scanner    *scan,
              const char *word)
{
  gsize len = strlen (word);

  scan_ws (scan);
  if ((gsize)(scan->end - scan->p) < len || memcmp (scan->p, word, len) != 0)
    return FALSE;

  scan->p += len;
  return TRUE;
}

static gboolean
scan_skip_value (Scanner *scan,
                 guint    depth)
{
  if (depth > SCAN_MAX_DEPTH)
    return FALSE;

  scan_ws (scan);
  if (scan->p >= scan->end)
    return FALSE;

  switch (*scan->p)
    {
    case '"':
      return scan_string (scan);

    case '{':
      scan->p++;
      if (scan_char (scan, '}'))
        return TRUE;
      do
        {
          if (!scan_string (scan) || !scan_char (scan, ':') || !scan_skip_value (scan, depth + 1))
            return FALSE;
        }
      while (scan_char (scan, ','));
      return scan_char (scan, '}');

    case '[':
      scan->p++;
      if (scan_char (scan, ']'))
        return TRUE;
      do
        {
          if (!scan_skip_value (scan, depth + 1))
            return FALSE;
        }
      while (scan_char (scan, ','));
      return scan_char (scan, ']');

    case 't':
      return scan_literal (scan, "true");
    case 'f':
      return scan_literal (scan, "false");
    case 'n':
      return scan_literal (scan, "null");

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

/* null or an array of strings. */
static gboolean
scan_string_array (Scanner    *scan,
                   GPtrArray  *out)
{
  g_ptr_array_set_size (out, 0);

  if (scan_literal (scan, "null"))
    return TRUE;

  if (!scan_char (scan, '['))
    return FALSE;
  if (scan_char (scan, ']'))
    return TRUE;

  do
    {
      if (!scan_string (scan))
        return FALSE;
      g_ptr_array_add (out, g_strndup (scan->buffer->str, scan->buffer->len));
    }
  while (scan_char (scan, ','));

  return scan_char (scan, ']');
}

/* null or an object of strings. */
static gboolean
scan_labels (Scanner    *scan,
             GHashTable *labels)
{
  g_hash_table_remove_all (labels);

  if (scan_literal (scan, "null"))
    return TRUE;

  if (!scan_char (scan, '{'))
    return FALSE;
  if (scan_char (scan, '}'))
    return TRUE;

  do
    {
      g_autofree char *key = NULL;

      if (!scan_string (scan))
        return FALSE;
      key = g_strndup (scan->buffer->str, scan->buffer->len);
      if (!scan_char (scan, ':') || !scan_string (scan))
        return FALSE;
      g_hash_table_insert (labels, g_steal_pointer (&key),
                           g_strndup (scan->buffer->str, scan->buffer->len));
    }
  while (scan_char (scan, ','));

  return scan_char (scan, '}');
}

static char **
ptr_array_as_strv (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (char **)array->pdata;
}

static gboolean
scan_summary (Scanner    *scan,
              GPtrArray  *images)
{
  g_autoptr(GPtrArray) repo_tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) repo_digests = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *id = NULL;
  gint64 created = 0;
  gint64 size = 0;
  gboolean have_labels = FALSE;

  if (!scan_char (scan, '{'))
    return FALSE;

  if (!scan_char (scan, '}'))
    {
      do
        {
          if (!scan_string (scan) || !scan_char (scan, ':'))
            return FALSE;

          if (strcmp (scan->buffer->str, "Id") == 0)
            {
              if (!scan_string (scan))
                return FALSE;
              g_free (id);
              id = g_strndup (scan->buffer->str, scan->buffer->len);
            }
          else if (strcmp (scan->buffer->str, "RepoTags") == 0)
            {
              if (!scan_string_array (scan, repo_tags))
                return FALSE;
            }
          else if (strcmp (scan->buffer->str, "RepoDigests") == 0)
            {
              if (!scan_string_array (scan, repo_digests))
                return FALSE;
            }
          else if (strcmp (scan->buffer->str, "Created") == 0)
            {
              if (!scan_integer (scan, &created))
                return FALSE;
            }
          else if (strcmp (scan->buffer->str, "Size") == 0)
            {
              if (!scan_integer (scan, &size))
                return FALSE;
            }
          else if (strcmp (scan->buffer->str, "Labels") == 0)
            {
              if (!scan_labels (scan, labels))
                return FALSE;
              have_labels = TRUE;
            }
          else if (!scan_skip_value (scan, 1))
            return FALSE;
        }
      while (scan_char (scan, ','));

      if (!scan_char (scan, '}'))
        return FALSE;
    }

  /* Like dh_image_new_from_json(): an entry without an id is skipped. */
  if (id == NULL || *id == '\0')
    return TRUE;

  g_ptr_array_add (images,
                   _dh_image_new (id,
                                  ptr_array_as_strv (repo_tags),
                                  ptr_array_as_strv (repo_digests),
                                  created, size,
                                  have_labels ? g_steal_pointer (&labels)
                                              : g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                       g_free, g_free)));
  return TRUE;
}

GPtrArray *
_dh_image_scan_summaries (const char *data,
                          gsize       length)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) buffer = g_string_sized_new (256);
  Scanner scan = { data, data + length, buffer };

  if (!scan_char (&scan, '['))
    return NULL;

  if (!scan_char (&scan, ']'))
    {
      do
        {
          /* Non-object elements are skipped on the other path too. */
          if (!scan_peek (&scan, '{'))
            {
              if (!scan_skip_value (&scan, 1))
                return NULL;
              continue;
            }
          if (!scan_summary (&scan, images))
            return NULL;
        }
      while (scan_char (&scan, ','));

      if (!scan_char (&scan, ']'))
        return NULL;
    }

  scan_ws (&scan);
  if (scan.p != scan.end)
    return NULL;

  return g_steal_pointer (&images);
}
