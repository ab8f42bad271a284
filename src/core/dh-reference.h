/* dh-reference.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DH_TYPE_REFERENCE (dh_reference_get_type())

typedef struct _DhReference DhReference;

GType        dh_reference_get_type              (void) G_GNUC_CONST;
DhReference *dh_reference_parse                 (const char  *text,
                                                 GError     **error);
DhReference *dh_reference_ref                   (DhReference *self);
void         dh_reference_unref                 (DhReference *self);
const char  *dh_reference_get_domain            (DhReference *self);
const char  *dh_reference_get_path              (DhReference *self);
const char  *dh_reference_get_tag               (DhReference *self);
const char  *dh_reference_get_digest            (DhReference *self);
char        *dh_reference_to_string             (DhReference *self);
char        *dh_reference_to_familiar_string    (DhReference *self);
char        *dh_reference_dup_registry_namespace_text (DhReference *self);
/* TRUE when the registry is on this computer (`localhost`, 127.0.0.0/8,
 * ::1, with any port): no one else can pull from it. */
gboolean     dh_reference_is_on_this_computer   (DhReference *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DhReference, dh_reference_unref)

G_END_DECLS
