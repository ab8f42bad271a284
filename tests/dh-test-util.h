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

G_END_DECLS
