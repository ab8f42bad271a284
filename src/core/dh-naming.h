/* dh-naming.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-core-types.h"

G_BEGIN_DECLS

/* How images are named and what the app says about names: the words the
 * tag and transfer dialogs show, decided here so the core tests can
 * check them without a display. */

typedef enum
{
  DH_COMMAND_TAG,
  DH_COMMAND_PUSH,
  DH_COMMAND_PULL,
} DhCommand;

/* Next patch, minor and major versions after the highest semantic
 * version among @tags ("1.2.3", "v1.2", "2"), keeping a "v" prefix:
 * {"1.2.4", "1.3.0", "2.0.0", NULL}; {"1.0.0", NULL} when there is none.
 * Pre-release and non-version tags are ignored. */
char     **dh_naming_suggest_versions    (const char * const *tags);

/* The name that registry @domain ("docker.io" for Docker Hub),
 * @name_space (may be ""), @repository and @tag (may be "") make, in
 * its familiar form ("alice/app:1.0", "localhost:5000/bob/app:2").
 * NULL with an error that tells the person what to type when the parts
 * do not make a valid name, or when @name_space holds what the parser
 * would read as a registry. */
char      *dh_naming_compose             (const char  *domain,
                                          const char  *name_space,
                                          const char  *repository,
                                          const char  *tag,
                                          GError     **error);
/* What to say about @tag ("" or "latest"), NULL when nothing. */
char      *dh_naming_describe_tag_risk   (const char  *tag);

/* The command line that does the same as the app: "docker tag SRC
 * DST", "podman push REF", … for @engine (Podman's CLI for
 * DH_ENGINE_KIND_PODMAN, Docker's otherwise). @target is for
 * DH_COMMAND_TAG only. Names are written as dh_naming_for_engine()
 * says, save a tag's source, which is the local image as given. */
char      *dh_naming_describe_command    (DhEngineKind  engine,
                                          DhCommand     command,
                                          const char   *reference,
                                          const char   *target);

/* https://hub.docker.com/r/alice/app (or /_/alpine) for a Docker Hub
 * reference or repository, NULL for other registries and for what is
 * not a name. */
char      *dh_naming_hub_url             (const char  *reference);

/* "Docker Hub" for Docker Hub's domains (and NULL or ""), the domain
 * itself ("localhost:5000") otherwise. */
char      *dh_registry_display_name      (const char  *domain);
/* The display name of @reference's registry. */
char      *dh_naming_registry_of         (const char  *reference);

/* "alice/app:1.0" → "alice/app" (familiar, without tag or digest);
 * NULL for what is not a name. */
char      *dh_naming_repository_of       (const char  *name);
/* A login's server ("https://host:5000/v2/", Docker Hub's keys) → the
 * domain names use ("host:5000", "docker.io"). */
char      *dh_naming_domain_for_server   (const char  *server);
/* @reference in its familiar form, or @reference itself when it is not
 * a valid name. */
char      *dh_naming_familiar            (const char  *reference);
/* @reference as @engine's command line needs it: Docker's familiar form
 * ("alice/app:1.0"); for Podman the whole name ("docker.io/alice/app:1.0"),
 * since Podman resolves a short name through registries.conf (Debian's
 * defines no search registry: "podman pull alice/app:1.0" fails) and
 * tags one as localhost/…. @reference itself when it is not a name. */
char      *dh_naming_for_engine          (DhEngineKind  engine,
                                          const char   *reference);

G_END_DECLS
