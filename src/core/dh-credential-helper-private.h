/* dh-credential-helper-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dh-credential-helper.h"

G_BEGIN_DECLS

/* The parsers of a helper's stdout, for the tests and fuzzers: @program
 * and @server only name things in messages. @data need not be
 * NUL-terminated. */
DhCredential *_dh_credential_helper_parse_get  (const char  *program,
                                                const char  *server,
                                                const char  *data,
                                                gsize        len,
                                                GError     **error);
GHashTable   *_dh_credential_helper_parse_list (const char  *program,
                                                const char  *data,
                                                gsize        len,
                                                GError     **error);

G_END_DECLS
