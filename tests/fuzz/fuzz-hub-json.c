/* fuzz-hub-json.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Docker Hub JSON parsers on any body: a page of repositories or
 * tags (`results[]`), one repository or tag, an error body, and the
 * engine's /images/search answer; and the one-pass reader of a page of
 * repositories against json-glib's reading of the same page. Seeds:
 * tests/fuzz/corpus/hub-json (answers of the documented shapes,
 * PROTOCOLS.md §3). */

#include "config.h"

#include <string.h>

#include "dh-engine-search.h"
#include "dh-hub-client-private.h"
#include "dh-hub-tag.h"
#include "dh-repository.h"
#include "dh-repository-private.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
parse_item (JsonNode *node)
{
  g_autoptr(DhRepository) repository = dh_repository_new_from_json (node, NULL);
  g_autoptr(DhHubTag) tag = dh_hub_tag_new_from_json (node, NULL);

  if (repository != NULL)
    {
      g_autofree char *full_name = dh_repository_dup_full_name (repository);
      g_autofree char *web_url = dh_repository_dup_web_url (repository);

      FUZZ_CHECK (full_name != NULL);
      FUZZ_CHECK (web_url == NULL || g_str_has_prefix (web_url, "https://"));
    }

  if (tag != NULL)
    {
      g_autofree char *platforms = dh_hub_tag_dup_platforms_text (tag);
      const char * const *list = dh_hub_tag_get_platforms (tag);

      FUZZ_CHECK (dh_hub_tag_get_name (tag) != NULL);
      FUZZ_CHECK (list != NULL);
      FUZZ_CHECK (platforms != NULL);
      for (guint i = 0; list[i] != NULL; i++)
        FUZZ_CHECK (strcmp (list[i], "unknown/unknown") != 0);
    }
}

/* The one-pass page reader: where it reads a page at all, json-glib
 * must read the same page and give the same repositories, count and
 * `next` (the client falls back to json-glib only where it gives up). */
static void
compare_page_readers (GBytes   *body,
                      JsonNode *root)
{
  g_autofree char *fast_next = NULL;
  gint64 fast_count = -2;
  g_autoptr(GPtrArray) fast = _dh_hub_scan_page (body, _dh_repository_scan, &fast_count, &fast_next);
  g_autoptr(GPtrArray) slow = NULL;
  JsonObject *object;
  JsonArray *array;
  gint64 slow_count;

  if (fast == NULL)
    return;

  FUZZ_CHECK (root != NULL && JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  array = _dh_json_get_array (object, "results");
  FUZZ_CHECK (array != NULL);

  if (!_dh_json_get_int (object, "count", &slow_count))
    slow_count = -1;
  FUZZ_CHECK (fast_count == slow_count);
  FUZZ_CHECK (g_strcmp0 (fast_next, _dh_json_get_string (object, "next")) == 0);

  slow = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      DhRepository *repository = dh_repository_new_from_json (json_array_get_element (array, i), NULL);

      if (repository != NULL)
        g_ptr_array_add (slow, repository);
    }

  FUZZ_CHECK (fast->len == slow->len);
  for (guint i = 0; i < fast->len; i++)
    FUZZ_CHECK (_dh_repository_equal (g_ptr_array_index (fast, i), g_ptr_array_index (slow, i)));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  gint64 peeked;

  /* The error path reads the body on its own (_dh_hub_error_detail). */
  error = _dh_hub_error_for_status (429, body, "list the repositories");
  FUZZ_CHECK (error != NULL);
  g_clear_error (&error);

  /* The count read ahead of the parse (see below). */
  peeked = _dh_hub_peek_count (body);
  FUZZ_CHECK (peeked >= -1 && peeked < G_GINT64_CONSTANT (1000000000000));

  if (size > 0 && data[0] == '[')
    results = dh_search_results_parse ((const char *)data, size, NULL);

  root = _dh_hub_parse_json (body, NULL);
  compare_page_readers (body, root);
  if (root == NULL)
    return 0;

  parse_item (root);

  /* A count read ahead of the parse is only ever read from an object
   * that has one. */
  if (peeked >= 0)
    FUZZ_CHECK (JSON_NODE_HOLDS_OBJECT (root) &&
                json_object_has_member (json_node_get_object (root), "count"));

  if (JSON_NODE_HOLDS_OBJECT (root) &&
      (array = _dh_json_get_array (json_node_get_object (root), "results")))
    for (guint i = 0; i < json_array_get_length (array) && i < 1000; i++)
      parse_item (json_array_get_element (array, i));

  return 0;
}
