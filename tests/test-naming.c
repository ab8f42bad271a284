/* test-naming.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "dh-naming.h"
#include "dh-transfer-describe.h"

static void
test_suggest_versions (void)
{
  static const char *none[] = { "latest", "alpine", "1.2-rc1", "01.2", NULL };
  static const char *some[] = { "latest", "1.2.3", "1.10.0", "1.9.9", "2.0.0-beta", NULL };
  static const char *short_ones[] = { "2", "1.4", NULL };
  static const char *prefixed[] = { "v0.9.1", "0.9.0", NULL };
  g_auto(GStrv) a = dh_naming_suggest_versions (none);
  g_auto(GStrv) b = dh_naming_suggest_versions (some);
  g_auto(GStrv) c = dh_naming_suggest_versions (short_ones);
  g_auto(GStrv) d = dh_naming_suggest_versions (prefixed);
  g_auto(GStrv) e = dh_naming_suggest_versions (NULL);

  g_assert_cmpstrv (a, ((const char *[]) { "1.0.0", NULL }));
  g_assert_cmpstrv (b, ((const char *[]) { "1.10.1", "1.11.0", "2.0.0", NULL }));
  g_assert_cmpstrv (c, ((const char *[]) { "2.0.1", "2.1.0", "3.0.0", NULL }));
  g_assert_cmpstrv (d, ((const char *[]) { "v0.9.2", "v0.10.0", "v1.0.0", NULL }));
  g_assert_cmpstrv (e, ((const char *[]) { "1.0.0", NULL }));
}

static void
test_compose (void)
{
  static const struct {
    const char *domain, *name_space, *repository, *tag;
    const char *name;          /* NULL: an error */
    const char *error_part;
  } cases[] = {
    { "docker.io", "alice", "app", "1.0", "alice/app:1.0", NULL },
    { "docker.io", "alice", "app", "", "alice/app", NULL },
    { "docker.io", "", "alpine", "3", "alpine:3", NULL },
    { "localhost:5000", "bob", "app", "2", "localhost:5000/bob/app:2", NULL },
    { "localhost:5000", "", "app", "", "localhost:5000/app", NULL },
    { "", "bob", "app", "1", NULL, "registry's address" },
    { "docker.io", "alice", "", "1", NULL, "Give the repository a name" },
    { "docker.io", "localhost:5000", "app", "1", NULL, "looks like a registry address" },
    { "docker.io", "alice", "App", "1", NULL, NULL },
    { "docker.io", "alice", "app", "bad tag", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = dh_naming_compose (cases[i].domain, cases[i].name_space,
                                                 cases[i].repository, cases[i].tag, &error);

      g_test_message ("%s | %s | %s | %s", cases[i].domain, cases[i].name_space,
                      cases[i].repository, cases[i].tag);
      g_assert_cmpstr (name, ==, cases[i].name);
      if (cases[i].name != NULL)
        g_assert_no_error (error);
      else
        {
          g_assert_nonnull (error);
          g_assert_cmpstr (error->message, !=, "");
          if (cases[i].error_part != NULL)
            g_assert_nonnull (strstr (error->message, cases[i].error_part));
        }
    }
}

static void
test_tag_risk (void)
{
  g_autofree char *none = dh_naming_describe_tag_risk ("");
  g_autofree char *latest = dh_naming_describe_tag_risk ("latest");
  g_autofree char *fine = dh_naming_describe_tag_risk ("1.0.0");

  g_assert_nonnull (strstr (none, "gets “latest”"));
  g_assert_true (g_str_has_prefix (latest, "latest is just a default name"));
  g_assert_null (fine);
}

static void
test_command (void)
{
  static const struct {
    DhEngineKind engine;
    DhCommand    command;
    const char  *reference, *target;
    const char  *text;
  } cases[] = {
    { DH_ENGINE_KIND_DOCKER, DH_COMMAND_PUSH, "docker.io/alice/app:1.0", NULL, "docker push alice/app:1.0" },
    { DH_ENGINE_KIND_DOCKER, DH_COMMAND_PULL, "docker.io/library/alpine:3", NULL, "docker pull alpine:3" },
    { DH_ENGINE_KIND_UNKNOWN, DH_COMMAND_PULL, "localhost:5000/bob/app:2", NULL,
      "docker pull localhost:5000/bob/app:2" },
    { DH_ENGINE_KIND_PODMAN, DH_COMMAND_PUSH, "localhost:5000/bob/app:2", NULL,
      "podman push localhost:5000/bob/app:2" },
    /* Podman resolves short names through registries.conf, which may
     * name no search registry, and tags them localhost/…: whole names. */
    { DH_ENGINE_KIND_PODMAN, DH_COMMAND_PULL, "alpine", NULL, "podman pull docker.io/library/alpine:latest" },
    { DH_ENGINE_KIND_PODMAN, DH_COMMAND_PULL, "alice/app:1.0", NULL, "podman pull docker.io/alice/app:1.0" },
    { DH_ENGINE_KIND_PODMAN, DH_COMMAND_PUSH, "docker.io/alice/app:1.0", NULL, "podman push docker.io/alice/app:1.0" },
    { DH_ENGINE_KIND_PODMAN, DH_COMMAND_TAG, "localhost/dh-test/app:1.0", "alice/app:1.0",
      "podman tag localhost/dh-test/app:1.0 docker.io/alice/app:1.0" },
    { DH_ENGINE_KIND_PODMAN, DH_COMMAND_TAG, "dh-test/app:1.0", "docker.io/alice/app:1.0",
      "podman tag dh-test/app:1.0 docker.io/alice/app:1.0" },
    { DH_ENGINE_KIND_DOCKER, DH_COMMAND_TAG, "dh-test/app:1.0", "docker.io/alice/app:1.0",
      "docker tag dh-test/app:1.0 alice/app:1.0" },
    { DH_ENGINE_KIND_PODMAN, DH_COMMAND_TAG, "0123abcd", "localhost:5000/bob/app:2",
      "podman tag 0123abcd localhost:5000/bob/app:2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dh_naming_describe_command (cases[i].engine, cases[i].command,
                                                          cases[i].reference, cases[i].target);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_hub_url (void)
{
  static const struct {
    const char *reference;
    const char *url;
  } cases[] = {
    { "alice/app:1.0", "https://hub.docker.com/r/alice/app" },
    { "docker.io/alice/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "https://hub.docker.com/r/alice/app" },
    { "alpine:3", "https://hub.docker.com/_/alpine" },
    { "index.docker.io/library/nginx", "https://hub.docker.com/_/nginx" },
    { "localhost:5000/bob/app:2", NULL },
    { "ghcr.io/alice/app", NULL },
    { "Not A Name", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = dh_naming_hub_url (cases[i].reference);

      g_assert_cmpstr (url, ==, cases[i].url);
    }
}

static void
test_registry_names (void)
{
  static const struct {
    const char *domain;
    const char *display;
  } domains[] = {
    { NULL, "Docker Hub" },
    { "", "Docker Hub" },
    { "docker.io", "Docker Hub" },
    { "index.docker.io", "Docker Hub" },
    { "registry-1.docker.io", "Docker Hub" },
    { "localhost:5000", "localhost:5000" },
    { "ghcr.io", "ghcr.io" },
  };
  g_autofree char *of_hub = dh_naming_registry_of ("alice/app:1.0");
  g_autofree char *of_local = dh_naming_registry_of ("127.0.0.1:5000/bob/app");
  g_autofree char *of_invalid = dh_naming_registry_of ("Not A Name");
  g_autofree char *repo = dh_naming_repository_of ("docker.io/alice/app:1.0");
  g_autofree char *repo_port = dh_naming_repository_of ("localhost:5000/app");
  g_autofree char *repo_none = dh_naming_repository_of ("Not A Name");
  g_autofree char *server_hub = dh_naming_domain_for_server ("https://index.docker.io/v1/");
  g_autofree char *server_local = dh_naming_domain_for_server ("https://localhost:5000/v2/");
  g_autofree char *server_bare = dh_naming_domain_for_server ("registry.example.com");

  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_autofree char *display = dh_registry_display_name (domains[i].domain);

      g_assert_cmpstr (display, ==, domains[i].display);
    }

  g_assert_cmpstr (of_hub, ==, "Docker Hub");
  g_assert_cmpstr (of_local, ==, "127.0.0.1:5000");
  g_assert_cmpstr (of_invalid, ==, "Docker Hub");
  g_assert_cmpstr (repo, ==, "alice/app");
  g_assert_cmpstr (repo_port, ==, "localhost:5000/app");
  g_assert_null (repo_none);
  g_assert_cmpstr (server_hub, ==, "docker.io");
  g_assert_cmpstr (server_local, ==, "localhost:5000");
  g_assert_cmpstr (server_bare, ==, "registry.example.com");
}

static void
test_describe_progress (void)
{
  g_autoptr(DhTransfer) push = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "alice/app:1.0");
  g_autoptr(DhTransfer) pull = dh_transfer_new (DH_TRANSFER_KIND_PULL, "alpine:3");
  g_autofree char *asking = dh_transfer_describe_progress (push);
  g_autofree char *asking_pull = dh_transfer_describe_progress (pull);
  g_autofree char *cancelled = NULL;

  g_assert_cmpstr (asking, ==, "Asking the engine to push…");
  g_assert_cmpstr (asking_pull, ==, "Asking the engine to pull…");

  dh_transfer_cancel_stream (push);
  cancelled = dh_transfer_describe_progress (push);
  g_assert_cmpstr (cancelled, ==, "Cancelled.");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Naming/suggest-versions", test_suggest_versions);
  g_test_add_func ("/Dockhand/Naming/compose", test_compose);
  g_test_add_func ("/Dockhand/Naming/tag-risk", test_tag_risk);
  g_test_add_func ("/Dockhand/Naming/command", test_command);
  g_test_add_func ("/Dockhand/Naming/hub-url", test_hub_url);
  g_test_add_func ("/Dockhand/Naming/registry-names", test_registry_names);
  g_test_add_func ("/Dockhand/Naming/describe-progress", test_describe_progress);

  return g_test_run ();
}
