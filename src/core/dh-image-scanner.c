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
#include "dh-json-scanner-private.h"

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
 * bounded by DH_JSON_SCAN_MAX_DEPTH and nothing is kept but the fields above. */

/* null or an array of strings. */
static gboolean
scan_string_array (DhJsonScanner *scan,
                   GPtrArray     *out)
{
  g_ptr_array_set_size (out, 0);

  if (_dh_json_scan_literal (scan, "null"))
    return TRUE;

  if (!_dh_json_scan_char (scan, '['))
    return FALSE;
  if (_dh_json_scan_char (scan, ']'))
    return TRUE;

  do
    {
      if (!_dh_json_scan_string (scan))
        return FALSE;
      g_ptr_array_add (out, g_strndup (scan->buffer->str, scan->buffer->len));
    }
  while (_dh_json_scan_char (scan, ','));

  return _dh_json_scan_char (scan, ']');
}

/* null or an object of strings. */
static gboolean
scan_labels (DhJsonScanner *scan,
             GHashTable    *labels)
{
  g_hash_table_remove_all (labels);

  if (_dh_json_scan_literal (scan, "null"))
    return TRUE;

  if (!_dh_json_scan_char (scan, '{'))
    return FALSE;
  if (_dh_json_scan_char (scan, '}'))
    return TRUE;

  do
    {
      g_autofree char *key = NULL;

      if (!_dh_json_scan_string (scan))
        return FALSE;
      key = g_strndup (scan->buffer->str, scan->buffer->len);
      if (!_dh_json_scan_char (scan, ':') || !_dh_json_scan_string (scan))
        return FALSE;
      g_hash_table_insert (labels, g_steal_pointer (&key),
                           g_strndup (scan->buffer->str, scan->buffer->len));
    }
  while (_dh_json_scan_char (scan, ','));

  return _dh_json_scan_char (scan, '}');
}

static char **
ptr_array_as_strv (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (char **)array->pdata;
}

static gboolean
scan_summary (DhJsonScanner *scan,
              GPtrArray     *images)
{
  g_autoptr(GPtrArray) repo_tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) repo_digests = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *id = NULL;
  gint64 created = 0;
  gint64 size = 0;
  gboolean have_labels = FALSE;

  if (!_dh_json_scan_char (scan, '{'))
    return FALSE;

  if (!_dh_json_scan_char (scan, '}'))
    {
      do
        {
          if (!_dh_json_scan_string (scan) || !_dh_json_scan_char (scan, ':'))
            return FALSE;

          if (strcmp (scan->buffer->str, "Id") == 0)
            {
              if (!_dh_json_scan_string (scan))
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
              if (!_dh_json_scan_integer (scan, &created))
                return FALSE;
            }
          else if (strcmp (scan->buffer->str, "Size") == 0)
            {
              if (!_dh_json_scan_integer (scan, &size))
                return FALSE;
            }
          else if (strcmp (scan->buffer->str, "Labels") == 0)
            {
              if (!scan_labels (scan, labels))
                return FALSE;
              have_labels = TRUE;
            }
          else if (!_dh_json_scan_skip_value (scan, 1))
            return FALSE;
        }
      while (_dh_json_scan_char (scan, ','));

      if (!_dh_json_scan_char (scan, '}'))
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
  DhJsonScanner scan = { data, data + length, buffer };

  if (!_dh_json_scan_char (&scan, '['))
    return NULL;

  if (!_dh_json_scan_char (&scan, ']'))
    {
      do
        {
          /* Non-object elements are skipped on the other path too. */
          if (!_dh_json_scan_peek (&scan, '{'))
            {
              if (!_dh_json_scan_skip_value (&scan, 1))
                return NULL;
              continue;
            }
          if (!scan_summary (&scan, images))
            return NULL;
        }
      while (_dh_json_scan_char (&scan, ','));

      if (!_dh_json_scan_char (&scan, ']'))
        return NULL;
    }

  _dh_json_scan_ws (&scan);
  if (scan.p != scan.end)
    return NULL;

  return g_steal_pointer (&images);
}
