/* fuzz-image-json.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The engine's image listing (GET /images/json) on any body: what the
 * app reads (dh_image_parse_summaries()) must be a list or an error,
 * and wherever the one-pass reader reads a body at all, json-glib must
 * read the same images from it (the app falls back to json-glib only
 * where the reader gives up). Seeds: tests/fuzz/corpus/image-json
 * (Docker's and Podman's answers, PROTOCOLS.md §1, and shapes the reader
 * hands over). */

#include "config.h"

#include "dh-image.h"
#include "dh-image-private.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_image (DhImage *image)
{
  const char * const *tags = dh_image_get_tags (image);
  const char * const *digests = dh_image_get_digests (image);

  FUZZ_CHECK (dh_image_get_id (image) != NULL);
  FUZZ_CHECK (dh_image_get_short_id (image) != NULL);
  FUZZ_CHECK (tags != NULL && digests != NULL);
  for (guint i = 0; tags[i] != NULL; i++)
    FUZZ_CHECK (dh_image_has_tag (image, tags[i]));
  FUZZ_CHECK (dh_image_equal (image, image));
}

/* The one-pass reader against the json-glib reader it falls back to. */
static void
compare_readers (const char *data,
                 gsize       size)
{
  g_autoptr(GPtrArray) fast = _dh_image_scan_summaries (data, size);
  g_autoptr(GPtrArray) slow = NULL;

  if (fast == NULL)
    return;

  slow = _dh_image_parse_summaries_with_json_glib (data, size, NULL);
  FUZZ_CHECK (slow != NULL);
  FUZZ_CHECK (fast->len == slow->len);
  for (guint i = 0; i < fast->len; i++)
    FUZZ_CHECK (dh_image_equal (g_ptr_array_index (fast, i), g_ptr_array_index (slow, i)));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = NULL;

  /* The bytes as they came, NULs included, as the engine client hands
   * them over. */
  images = dh_image_parse_summaries ((const char *)data, size, &error);
  FUZZ_CHECK ((images == NULL) != (error == NULL));
  for (guint i = 0; images != NULL && i < images->len; i++)
    check_image (g_ptr_array_index (images, i));

  compare_readers ((const char *)data, size);

  return 0;
}
