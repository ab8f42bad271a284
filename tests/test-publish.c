/* test-publish.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dh-publish.h"
#include "dh-error.h"
#include "dh-registry-client-private.h"

static void
test_repository_rule (void)
{
  static const char *good[] = { "my-app", "app", "team/my_app", "a.b", "a__b", "a---b", "x/y/z", "0" };
  static const struct { const char *name; const char *says; } bad[] = {
    { "", "Give the repository a name" },
    { "My-App", "“my-app”" },
    { "my app", "no spaces" },
    { "-app", "starts and ends" },
    { "app-", "starts and ends" },
    { "a..b", "at most one ." },
    { "a___b", "two _" },
    { "a/", "starts and ends" },
    { "/a", "starts and ends" },
    { "a//b", "starts and ends" },
    { "café", "lower-case letters, digits" },
  };
  g_autofree char *longest = g_strnfill (256, 'a');

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dh_publish_check_repository (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (dh_publish_check_repository (bad[i].name, &error));
      g_assert_nonnull (error);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("“%s”: “%s” does not say “%s”", bad[i].name, error->message, bad[i].says);
    }

  g_assert_false (dh_publish_check_repository (longest, NULL));
}

static void
test_suggestions (void)
{
  static const char *tags[] = { "dh-test/multilayer:1.0", "registry.example.com/alice/app:1.2.3", NULL };
  static const char *none[] = { "<none>:<none>", NULL };
  g_autofree char *repository = dh_publish_suggest_repository (tags);
  g_autofree char *version = dh_publish_suggest_version (tags);
  g_autofree char *fallback = dh_publish_suggest_repository (none);
  g_autofree char *first = dh_publish_suggest_version (none);
  g_autofree char *latest = dh_publish_latest_name ("127.0.0.1:5000/alice/app:1.0");
  g_autofree char *hub_latest = dh_publish_latest_name ("alice/app:1.0");

  g_assert_cmpstr (repository, ==, "multilayer");
  g_assert_cmpstr (version, ==, "1.2.4");
  g_assert_cmpstr (fallback, ==, "my-app");
  g_assert_cmpstr (first, ==, "1.0.0");
  g_assert_cmpstr (latest, ==, "127.0.0.1:5000/alice/app:latest");
  g_assert_cmpstr (hub_latest, ==, "alice/app:latest");
  g_assert_null (dh_publish_latest_name ("Not A Name"));
}

static void
test_commands (void)
{
  static const struct {
    DhEngineKind engine;
    DhPublishDestination destination;
    const char *address;
    const char *storage;
    const char *command;
  } where[] = {
    { DH_ENGINE_KIND_DOCKER, DH_PUBLISH_TO_DOCKER_HUB, NULL, NULL, "docker login" },
    { DH_ENGINE_KIND_PODMAN, DH_PUBLISH_TO_DOCKER_HUB, NULL, NULL, "podman login docker.io" },
    { DH_ENGINE_KIND_DOCKER, DH_PUBLISH_TO_REGISTRY, "ghcr.io", NULL, "docker login ghcr.io" },
    { DH_ENGINE_KIND_DOCKER, DH_PUBLISH_TO_PRACTICE, "127.0.0.1:5001", NULL,
      "docker run -d -p 127.0.0.1:5001:5000 --name dockhand-practice-registry registry:2" },
    { DH_ENGINE_KIND_PODMAN, DH_PUBLISH_TO_PRACTICE, NULL, NULL,
      "podman run -d -p 127.0.0.1:5000:5000 --name dockhand-practice-registry registry:2" },
    /* What is pushed kept where Dockhand's own practice registry keeps it. */
    { DH_ENGINE_KIND_DOCKER, DH_PUBLISH_TO_PRACTICE, "127.0.0.1:5000",
      "/home/alice/.local/share/dockhand/practice-registry/storage",
      "docker run -d -p 127.0.0.1:5000:5000 -v "
      "/home/alice/.local/share/dockhand/practice-registry/storage:/var/lib/registry "
      "--name dockhand-practice-registry registry:2" },
    { DH_ENGINE_KIND_PODMAN, DH_PUBLISH_TO_PRACTICE, "127.0.0.1:5000", "/home/a b/it's",
      "podman run -d -p 127.0.0.1:5000:5000 -v '/home/a b/it'\\''s:/var/lib/registry' "
      "--name dockhand-practice-registry registry:2" },
  };
  g_autofree char *name = NULL;
  g_autofree char *name_latest = NULL;
  g_autofree char *push = NULL;
  g_autofree char *push_latest = NULL;
  g_autofree char *check = NULL;
  g_autofree char *check_podman = NULL;
  g_autofree char *check_hub = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (where); i++)
    {
      g_autofree char *command = dh_publish_describe_where (where[i].engine, where[i].destination,
                                                            where[i].address, where[i].storage);

      g_assert_cmpstr (command, ==, where[i].command);
    }

  name = dh_publish_describe_name (DH_ENGINE_KIND_DOCKER, "app:0.1", "alice/app:1.0", FALSE);
  g_assert_cmpstr (name, ==, "docker tag app:0.1 alice/app:1.0");
  name_latest = dh_publish_describe_name (DH_ENGINE_KIND_PODMAN, "app:0.1", "docker.io/alice/app:1.0", TRUE);
  g_assert_cmpstr (name_latest, ==,
                   "podman tag app:0.1 docker.io/alice/app:1.0\npodman tag app:0.1 docker.io/alice/app:latest");
  push = dh_publish_describe_push (DH_ENGINE_KIND_DOCKER, "alice/app:1.0", FALSE);
  g_assert_cmpstr (push, ==, "docker push alice/app:1.0");
  push_latest = dh_publish_describe_push (DH_ENGINE_KIND_DOCKER, "alice/app:1.0", TRUE);
  g_assert_cmpstr (push_latest, ==, "docker push alice/app:1.0\ndocker push alice/app:latest");
  check = dh_publish_describe_check (DH_ENGINE_KIND_DOCKER, "127.0.0.1:5000/app:1.0");
  g_assert_cmpstr (check, ==, "docker manifest inspect --insecure 127.0.0.1:5000/app:1.0");
  check_podman = dh_publish_describe_check (DH_ENGINE_KIND_PODMAN, "localhost:5000/app:1.0");
  g_assert_cmpstr (check_podman, ==, "podman manifest inspect --tls-verify=false localhost:5000/app:1.0");
  check_hub = dh_publish_describe_check (DH_ENGINE_KIND_DOCKER, "docker.io/alice/app:1.0");
  g_assert_cmpstr (check_hub, ==, "docker manifest inspect alice/app:1.0");
  g_clear_pointer (&check_hub, g_free);
  check_hub = dh_publish_describe_check (DH_ENGINE_KIND_PODMAN, "docker.io/alice/app:1.0");
  g_assert_cmpstr (check_hub, ==, "podman manifest inspect docker.io/alice/app:1.0");
  g_clear_pointer (&check_hub, g_free);
  /* Only a registry on this computer goes without TLS; a name that
   * merely starts like one does not. */
  check_hub = dh_publish_describe_check (DH_ENGINE_KIND_DOCKER, "localhost.example.com/app:1.0");
  g_assert_cmpstr (check_hub, ==, "docker manifest inspect localhost.example.com/app:1.0");
}

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new_static (text, strlen (text));
}

static void
test_manifest (void)
{
  g_autoptr(GBytes) manifest = bytes_of (
    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
    "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":1000,"
    "\"digest\":\"sha256:aaaa\"},\"layers\":[{\"size\":2000,\"digest\":\"sha256:b\"},"
    "{\"size\":3000,\"digest\":\"sha256:c\"},{\"size\":\"huge\"},42]}");
  g_autoptr(GBytes) config = bytes_of (
    "{\"architecture\":\"arm64\",\"variant\":\"v8\",\"os\":\"linux\",\"created\":\"2026-12-07T06:00:00Z\"}");
  g_autoptr(GBytes) index = bytes_of (
    "{\"schemaVersion\":2,\"manifests\":[{\"size\":500,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}},"
    "{\"size\":600,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v7\"}},"
    "{\"size\":70,\"platform\":{\"os\":\"unknown\",\"architecture\":\"unknown\"}},\"junk\"]}");
  g_autoptr(DhRegistryImageInfo) info = NULL;
  g_autoptr(DhRegistryImageInfo) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_digest = NULL;
  g_autofree char *none = NULL;
  static const char *hostile[] = { "", "[]", "{\"layers\":[]}", "{\"config\":7}", "{\"config\":{}}", "\xff",
                                   "{\"config\":{\"digest\":{\"a\":1}}}", "{\"config\":{\"digest\":5}}" };

  info = _dh_registry_image_info_parse_manifest (manifest, "sha256:1234", &config_digest, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->digest, ==, "sha256:1234");
  g_assert_cmpint (info->size, ==, 6000);
  g_assert_cmpint (info->config_size, ==, 1000);
  g_assert_cmpstr (config_digest, ==, "sha256:aaaa");
  g_assert_false (info->is_index);
  g_assert_cmpuint (g_strv_length (info->platforms), ==, 0);

  _dh_registry_image_info_apply_config (info, config);
  g_assert_cmpuint (g_strv_length (info->platforms), ==, 1);
  g_assert_cmpstr (info->platforms[0], ==, "linux/arm64/v8");
  g_assert_nonnull (info->created);
  g_assert_cmpint (g_date_time_get_year (info->created), ==, 2026);

  /* A configuration that is not one leaves what was known. */
  _dh_registry_image_info_apply_config (info, manifest);
  g_assert_cmpstr (info->platforms[0], ==, "linux/arm64/v8");
  {
    g_autoptr(GBytes) odd = bytes_of ("{\"os\":{\"x\":1},\"architecture\":[1],\"created\":{}}");

    _dh_registry_image_info_apply_config (info, odd);
    g_assert_cmpstr (info->platforms[0], ==, "linux/arm64/v8");
  }

  listed = _dh_registry_image_info_parse_manifest (index, "sha256:5678", &none, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_true (listed->is_index);
  g_assert_cmpint (listed->size, ==, 1170);
  g_assert_cmpint (listed->config_size, ==, 0);
  g_assert_cmpuint (g_strv_length (listed->platforms), ==, 2);
  g_assert_cmpstr (listed->platforms[0], ==, "linux/amd64");
  g_assert_cmpstr (listed->platforms[1], ==, "linux/arm/v7");

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GBytes) body = bytes_of (hostile[i]);
      g_autoptr(GError) bad = NULL;
      g_autoptr(DhRegistryImageInfo) nothing = _dh_registry_image_info_parse_manifest (body, "sha256:0", NULL, &bad);

      g_assert_null (nothing);
      g_assert_error (bad, DH_ERROR, DH_ERROR_PROTOCOL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Publish/repository-rule", test_repository_rule);
  g_test_add_func ("/Dockhand/Publish/suggestions", test_suggestions);
  g_test_add_func ("/Dockhand/Publish/commands", test_commands);
  g_test_add_func ("/Dockhand/Publish/manifest", test_manifest);

  return g_test_run ();
}
