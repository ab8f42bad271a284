/* dh-repository-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dh-json-scanner-private.h"
#include "dh-repository.h"

G_BEGIN_DECLS

/* One element of a page's `results`, read the way
 * dh_repository_new_from_json() reads its node: a repository is added to
 * @items, an element that is not one is skipped. FALSE: a shape the
 * scanner gives up on (the page is then read through json-glib). */
gboolean _dh_repository_scan  (DhJsonScanner *scan,
                               GPtrArray     *items);

/* Whether @a and @b hold the same fields (tests and fuzzing compare the
 * two ways of reading a page with it). */
gboolean _dh_repository_equal (DhRepository  *a,
                               DhRepository  *b);

G_END_DECLS
