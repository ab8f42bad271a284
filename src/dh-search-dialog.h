/* dh-search-dialog.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-engine.h"

G_BEGIN_DECLS

#define DH_TYPE_SEARCH_DIALOG (dh_search_dialog_get_type())

G_DECLARE_FINAL_TYPE (DhSearchDialog, dh_search_dialog, DH, SEARCH_DIALOG, AdwWindow)

/* Finds images on Docker Hub through the engine (`/images/search`):
 * name, description, stars and an Official badge (official images live
 * under library/), with Pull on each. Action "search.pull" (s). */
DhSearchDialog *dh_search_dialog_new         (DhEngine       *engine);
/* Opens it over @parent with the engine of @parent's application;
 * @term (may be NULL) is searched at once. */
DhSearchDialog *dh_search_dialog_present     (GtkWindow      *parent,
                                              const char     *term);
void            dh_search_dialog_set_text    (DhSearchDialog *self,
                                              const char     *text);
/* GListModel of DhSearchResult. */
GListModel     *dh_search_dialog_get_results (DhSearchDialog *self);
gboolean        dh_search_dialog_get_busy    (DhSearchDialog *self);
/* The message shown instead of results ("No images found", an error),
 * or NULL when results are shown. */
const char     *dh_search_dialog_get_message (DhSearchDialog *self);

G_END_DECLS
