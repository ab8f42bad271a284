/* dh-publication-tracker.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-account-manager.h"
#include "dh-hub-session.h"
#include "dh-image.h"

G_BEGIN_DECLS

/* Whether a local tag (a full reference: registry, path and tag) is on
 * its registry. */
typedef enum
{
  DH_PUBLICATION_UNKNOWN,     /* not asked, or the registry cannot be asked ("message") */
  DH_PUBLICATION_CHECKING,    /* the registry is being asked */
  DH_PUBLICATION_NOT_PUSHED,  /* the registry does not have the tag */
  DH_PUBLICATION_PUBLISHED,   /* the registry's tag is this image */
  DH_PUBLICATION_CHANGED,     /* the registry has the tag, but another image */
} DhPublicationState;

#define DH_TYPE_PUBLICATION_STATE   (dh_publication_state_get_type())
#define DH_TYPE_PUBLICATION         (dh_publication_get_type())
#define DH_TYPE_PUBLICATION_TRACKER (dh_publication_tracker_get_type())

GType dh_publication_state_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (DhPublication, dh_publication, DH, PUBLICATION, GObject)
G_DECLARE_FINAL_TYPE (DhPublicationTracker, dh_publication_tracker, DH, PUBLICATION_TRACKER, GObject)

/* One local tag and what its registry says about it.
 * Properties: "name", "state", "message" (notified when they change). */
/* The full reference ("127.0.0.1:5000/alice/app:1.0"). */
const char           *dh_publication_get_name          (DhPublication        *self);
/* "Docker Hub", "127.0.0.1:5000", … */
const char           *dh_publication_get_registry_name (DhPublication        *self);
DhPublicationState    dh_publication_get_state         (DhPublication        *self);
/* The label of the badge: "Published", "Changed since push", … */
const char           *dh_publication_get_label         (DhPublication        *self);
/* A sentence for the tooltip. */
const char           *dh_publication_get_message       (DhPublication        *self);

/*
 * DhPublicationTracker: follows a GListModel of DhImage and asks each
 * local tag's registry, logged in when there is a login and anonymously
 * otherwise, whether it has that tag and for which image. Docker Hub
 * tags count only in the user's own namespaces, once logged in.
 *
 * A tag is asked again when its image changes (tag, remove, pull), after
 * dh_publication_tracker_recheck() (push), and when the logins change.
 * Several checks run at once; each registry has one client (and token
 * cache). The registry's answer is compared with the local image twice:
 * its manifest digest against the image's RepoDigests, then the config
 * digest its manifest names against the image ID, so that an engine that
 * re-writes the manifest on push (Podman) still counts as published.
 *
 * Signals: "publication-changed" (const char *reference) when a tag's
 * state changed; "changed" when which tags are tracked changed (logins
 * came or went).
 */
DhPublicationTracker *dh_publication_tracker_new         (DhAccountManager     *accounts,
                                                          DhHubSession         *hub_session);
/* @images: (nullable): GListModel of DhImage to follow */
void                  dh_publication_tracker_set_images  (DhPublicationTracker *self,
                                                          GListModel           *images);
/* @reference: any spelling; UNKNOWN for a name that is not tracked. */
DhPublicationState    dh_publication_tracker_get_state   (DhPublicationTracker *self,
                                                          const char           *reference);
/* The publication of @name (one of @image's tags), or NULL when it is
 * not asked about (a Docker Hub name that is not the user's). Starts
 * following @name when the images model has not shown it yet.
 * Returns: (transfer none) (nullable) */
DhPublication        *dh_publication_tracker_lookup      (DhPublicationTracker *self,
                                                          DhImage              *image,
                                                          const char           *name);
/* Whether some tag of the images has a publication (a badge to show). */
gboolean              dh_publication_tracker_has_publications (DhPublicationTracker *self);
/* Asks again about @reference (after a push to it). */
void                  dh_publication_tracker_recheck     (DhPublicationTracker *self,
                                                          const char           *reference);
/* Forgets every answer and client, and asks again. */
void                  dh_publication_tracker_invalidate  (DhPublicationTracker *self);
/* Registry requests made so far (for tests: redraws must not ask again). */
guint                 dh_publication_tracker_get_n_requests (DhPublicationTracker *self);

G_END_DECLS
