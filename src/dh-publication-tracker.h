/* dh-publication-tracker.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-account-manager.h"
#include "dh-image.h"

G_BEGIN_DECLS

/* Whether a local tag is on its registry, for tags of registries the
 * user is logged in to. */
typedef enum
{
  DH_PUBLICATION_CHECKING,    /* waiting for or asking the registry */
  DH_PUBLICATION_PUBLISHED,   /* the registry's digest is a RepoDigest of the image */
  DH_PUBLICATION_CHANGED,     /* the registry has the tag, but another image */
  DH_PUBLICATION_NOT_PUSHED,  /* the registry does not have the tag */
  DH_PUBLICATION_FAILED,      /* the registry could not be asked ("message" says why) */
} DhPublicationState;

#define DH_TYPE_PUBLICATION_STATE   (dh_publication_state_get_type())
#define DH_TYPE_PUBLICATION         (dh_publication_get_type())
#define DH_TYPE_PUBLICATION_TRACKER (dh_publication_tracker_get_type())

GType dh_publication_state_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (DhPublication, dh_publication, DH, PUBLICATION, GObject)
G_DECLARE_FINAL_TYPE (DhPublicationTracker, dh_publication_tracker, DH, PUBLICATION_TRACKER, GObject)

/* One local name ("alice/app:1.0") and what its registry says about it.
 * Properties: "name", "state", "message" (notified when they change). */
const char           *dh_publication_get_name          (DhPublication        *self);
/* "Docker Hub", "127.0.0.1:5000", … */
const char           *dh_publication_get_registry_name (DhPublication        *self);
DhPublicationState    dh_publication_get_state         (DhPublication        *self);
/* The label of the badge: "Published", "Changed since push", … */
const char           *dh_publication_get_label         (DhPublication        *self);
/* A sentence for the tooltip. */
const char           *dh_publication_get_message       (DhPublication        *self);

/*
 * DhPublicationTracker: asks registries, lazily and a few at a time,
 * for the digest of local tags. Answers are cached per name and asked
 * again only when the image's RepoDigests for that repository change
 * (e.g. after a push), when the logins change, or after
 * dh_publication_tracker_invalidate(). Signal "changed": which names
 * apply changed (logins came or went); cells look up again.
 */
DhPublicationTracker *dh_publication_tracker_get_default (void);
DhPublicationTracker *dh_publication_tracker_new         (DhAccountManager     *manager);
/* The publication of @name (one of @image's tags), or NULL when @name's
 * registry has no login. Starts a check when needed.
 * Returns: (transfer none) (nullable) */
DhPublication        *dh_publication_tracker_lookup      (DhPublicationTracker *self,
                                                          DhImage              *image,
                                                          const char           *name);
void                  dh_publication_tracker_invalidate  (DhPublicationTracker *self);
/* Registry requests made so far (for tests: redraws must not ask again). */
guint                 dh_publication_tracker_get_n_requests (DhPublicationTracker *self);

G_END_DECLS
