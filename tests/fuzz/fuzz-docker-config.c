/* fuzz-docker-config.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* docker's config.json (and Podman's auth.json, the same shape) and a
 * credential helper's `get` and `list` output, on any bytes: wrong types
 * skip an entry (issue #11 item 4), never a critical. Seeds:
 * tests/fuzz/corpus/docker-config. */

#include "config.h"

#include "dh-credential-helper-private.h"
#include "dh-docker-config.h"

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
  static const char *servers[] = {
    "docker.io", "https://index.docker.io/v1/", "localhost:5000", "ghcr.io", "a.example.com",
  };
  g_autoptr(DhDockerConfig) config = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GHashTable) list = NULL;
  const char *text = size > 0 ? (const char *)data : "";

  if ((config = dh_docker_config_new_from_data (text, size, DH_CREDENTIAL_SOURCE_CONFIG_FILE,
                                                "fuzz/config.json", NULL)))
    {
      g_autoptr(GPtrArray) all = dh_docker_config_list_credentials (config);
      g_auto(GStrv) helpers = dh_docker_config_dup_cred_helper_servers (config);

      (void)dh_docker_config_get_creds_store (config);
      for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
        {
          g_autoptr(DhCredential) found = dh_docker_config_lookup (config, servers[i]);

          (void)dh_docker_config_get_helper_for (config, servers[i]);
          if (found != NULL)
            FUZZ_CHECK (dh_credential_get_secret (found) != NULL);
        }
      for (guint i = 0; helpers != NULL && helpers[i] != NULL; i++)
        FUZZ_CHECK (dh_docker_config_get_cred_helper (config, helpers[i]) != NULL);
      for (guint i = 0; i < all->len; i++)
        FUZZ_CHECK (dh_credential_get_server (g_ptr_array_index (all, i)) != NULL);
    }

  credential = _dh_credential_helper_parse_get ("docker-credential-fuzz", "a.example.com",
                                                text, size, NULL);
  if (credential != NULL)
    {
      FUZZ_CHECK (dh_credential_get_username (credential) != NULL);
      FUZZ_CHECK (dh_credential_get_secret (credential) != NULL);
    }

  list = _dh_credential_helper_parse_list ("docker-credential-fuzz", text, size, NULL);

  return 0;
}
