/* dh-publish.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-core-types.h"

G_BEGIN_DECLS

/* What the Publish assistant says and checks, step by step, decided
 * here so the core tests can check it without a display: where the
 * image goes, the names it gets, and the docker (or podman) command
 * each step runs. */

typedef enum
{
  DH_PUBLISH_TO_DOCKER_HUB,
  DH_PUBLISH_TO_REGISTRY,    /* another registry the person names */
  DH_PUBLISH_TO_PRACTICE,    /* the practice registry on 127.0.0.1 */
} DhPublishDestination;

/* The repository part of a name ("my-app", "team/my-app"), by the
 * reference grammar: lower-case letters and digits, separated by one
 * ".", one or two "_" or any "-", in "/"-separated components. FALSE
 * with an error that says what to type instead. */
gboolean   dh_publish_check_repository      (const char            *repository,
                                             GError               **error);

/* A repository name to start from, out of the image's names
 * ("dh-test/multilayer:1.0" → "multilayer"); "my-app" when it has
 * none. */
char      *dh_publish_suggest_repository    (const char * const    *tags);

/* The version to suggest: the next patch version after the highest
 * semantic version among @tags' tags (dh_naming_suggest_versions), or
 * "1.0.0". */
char      *dh_publish_suggest_version       (const char * const    *tags);

/* "alice/app:latest" for "alice/app:1.0". NULL when @reference is not
 * a name. */
char      *dh_publish_latest_name           (const char            *reference);

/* The command of the Where step: logging in ("docker login",
 * "docker login ghcr.io"), or, for the practice registry at @address
 * ("127.0.0.1:5000") keeping what is pushed in @storage (nullable),
 * running one ("docker run -d -p 127.0.0.1:5000:5000 -v
 * STORAGE:/var/lib/registry registry:2"). Podman's spelling for
 * DH_ENGINE_KIND_PODMAN. */
char      *dh_publish_describe_where        (DhEngineKind           engine,
                                             DhPublishDestination   destination,
                                             const char            *address,
                                             const char            *storage);
/* The Name step's: "docker tag SRC NAME", and a second line for
 * "latest" when @also_latest. */
char      *dh_publish_describe_name         (DhEngineKind           engine,
                                             const char            *source,
                                             const char            *target,
                                             gboolean               also_latest);
/* The Push step's: "docker push NAME" (and latest). */
char      *dh_publish_describe_push         (DhEngineKind           engine,
                                             const char            *target,
                                             gboolean               also_latest);
/* The Check step's read-back: "docker manifest inspect NAME", with the
 * flag each CLI needs for a plain-HTTP loopback registry. */
char      *dh_publish_describe_check        (DhEngineKind           engine,
                                             const char            *target);

G_END_DECLS
