/* fuzz-reference.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* dh_reference_parse() on any text, and the round-trip property of
 * issue #11 item 5: the familiar form parses back to the very same
 * reference, and so does the full form (which adds :latest and lets a
 * digest win over a tag). */

#include "config.h"

#include "dh-reference.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_strndup (data, size);
  g_autoptr(DhReference) ref = NULL;
  g_autoptr(DhReference) back = NULL;
  g_autoptr(DhReference) full_back = NULL;
  g_autofree char *familiar = NULL;
  g_autofree char *full = NULL;

  if (!(ref = dh_reference_parse (text, NULL)))
    return 0;

  familiar = dh_reference_to_familiar_string (ref);
  back = dh_reference_parse (familiar, NULL);
  FUZZ_CHECK (back != NULL);
  FUZZ_CHECK (g_strcmp0 (dh_reference_get_domain (back), dh_reference_get_domain (ref)) == 0);
  FUZZ_CHECK (g_strcmp0 (dh_reference_get_path (back), dh_reference_get_path (ref)) == 0);
  FUZZ_CHECK (g_strcmp0 (dh_reference_get_tag (back), dh_reference_get_tag (ref)) == 0);
  FUZZ_CHECK (g_strcmp0 (dh_reference_get_digest (back), dh_reference_get_digest (ref)) == 0);

  full = dh_reference_to_string (ref);
  full_back = dh_reference_parse (full, NULL);
  FUZZ_CHECK (full_back != NULL);
  FUZZ_CHECK (g_strcmp0 (dh_reference_get_domain (full_back), dh_reference_get_domain (ref)) == 0);
  FUZZ_CHECK (g_strcmp0 (dh_reference_get_path (full_back), dh_reference_get_path (ref)) == 0);
  FUZZ_CHECK (g_strcmp0 (dh_reference_get_digest (full_back), dh_reference_get_digest (ref)) == 0);

  return 0;
}
