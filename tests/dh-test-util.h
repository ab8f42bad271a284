/* dh-test-util.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Returns the value of @variable, exported by the test stack wrapper
 * (tests/harness/with-stack), or the contents of the file named by
 * @variable_FILE (how secrets are passed). When it is missing the test is skipped,
 * except under CI=true, where a missing component is a failure. */
const char *dh_test_require_env   (const char    *variable);
/* Iterates the default main context until *@flag is TRUE; fails the
 * test after @timeout_ms. */
void        dh_test_wait_for      (gboolean      *flag,
                                   guint          timeout_ms);
/* A GAsyncReadyCallback that stores the result into *(GAsyncResult **)user_data. */
void        dh_test_store_result_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data);
/* Iterates until *@result is set (by dh_test_store_result_cb). */
void        dh_test_wait_result   (GAsyncResult **result,
                                   guint          timeout_ms);
/* Runs argv synchronously; returns stdout, or NULL and sets @error
 * (with stderr in the message) when it exits non-zero. */
char       *dh_test_run          (GError       **error,
                                  const char    *argv0,
                                  ...) G_GNUC_NULL_TERMINATED;

/* Saves the stack registry's login (DH_TEST_REGISTRY_USER and _PASSWORD)
 * for @registry in the keyring, as a login in the app would. Links the
 * core (tests/dh-test-login.c). */
void        dh_test_save_registry_login   (const char *registry,
                                           guint       timeout_ms);
/* Removes it again, so that the next test finds the keyring as it was. */
void        dh_test_forget_registry_login (const char *registry,
                                           guint       timeout_ms);

/* A private dockerd (tests/harness/start-dockerd) a test may kill and
 * start again: the stack's own is shared by every test and must stay
 * up. It trusts @registry without TLS; @uri is its socket. */
typedef struct
{
  char        *dir;
  char        *uri;
  char        *registry;
  GSubprocess *process;
} DhTestDockerd;

/* In a new directory under /tmp named from @prefix ("dhs"); short, as
 * the socket path must stay under 108 bytes. Not started yet. */
DhTestDockerd *dh_test_dockerd_new   (const char    *prefix,
                                      const char    *registry);
void           dh_test_dockerd_start (DhTestDockerd *dockerd);
/* Sends @signum and waits for it to exit; nothing if not running. */
void           dh_test_dockerd_kill  (DhTestDockerd *dockerd,
                                      int            signum);
/* Stops it (SIGTERM) and removes its directory. */
void           dh_test_dockerd_free  (DhTestDockerd *dockerd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DhTestDockerd, dh_test_dockerd_free)

/* Answers @msg (from a SoupServer handler) 200 with a chunked JSON body
 * that never ends (blanks), written as fast as the client reads, until
 * the client closes the connection: then *@ended is set. *@written counts
 * the body bytes written. Both must outlive the connection. */
void           dh_test_answer_endless_body (gpointer  msg,
                                            guint64  *written,
                                            gboolean *ended);

G_END_DECLS
