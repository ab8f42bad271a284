/* dh-test-login.c: saving the stack registry's login for a test
 *
 * Its own file of the dh-test-util library, so that only tests that
 * call it link the core's credential store.
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dh-credential-store.h"
#include "dh-test-util.h"

void
dh_test_save_registry_login (const char *registry,
                             guint       timeout_ms)
{
  g_autoptr(DhCredentialStore) store = dh_credential_store_new ();
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  credential = dh_credential_new (registry,
                                  dh_test_require_env ("DH_TEST_REGISTRY_USER"),
                                  dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD"));
  dh_credential_store_save_async (store, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, timeout_ms);
  g_assert_true (dh_credential_store_save_finish (store, result, &error));
  g_assert_no_error (error);
}

void
dh_test_forget_registry_login (const char *registry,
                               guint       timeout_ms)
{
  g_autoptr(DhCredentialStore) store = dh_credential_store_new ();
  g_autoptr(GAsyncResult) result = NULL;

  dh_credential_store_remove_async (store, registry, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, timeout_ms);
  /* Already gone is as good. */
  dh_credential_store_remove_finish (store, result, NULL);
}
