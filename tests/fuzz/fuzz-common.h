/* fuzz-common.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

/* Untrusted input must never raise a GLib critical (issue #11): a
 * critical or an error aborts, which libFuzzer reports as a crash. The
 * warnings our own code gives about bad input are expected and dropped
 * to keep the fuzzer fast. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize   (int *argc, char ***argv);

static void
fuzz_log_handler (const char     *log_domain,
                  GLogLevelFlags  log_level,
                  const char     *message,
                  gpointer        user_data)
{
  if (log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    {
      g_printerr ("%s-CRITICAL: %s\n", log_domain ? log_domain : "?", message);
      abort ();
    }
}

static inline void
fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_log_set_default_handler (fuzz_log_handler, NULL);
  g_setenv ("G_DEBUG", "fatal-criticals", TRUE);
}

/* The input as a NUL-terminated string (cut at the first NUL). */
static inline char *
fuzz_strndup (const uint8_t *data,
              size_t         size)
{
  return g_strndup ((const char *)data, size);
}

#define FUZZ_CHECK(expr)                                                  \
  G_STMT_START {                                                          \
    if (G_UNLIKELY (!(expr)))                                             \
      {                                                                   \
        g_printerr ("%s:%d: property failed: %s\n", __FILE__, __LINE__, #expr); \
        abort ();                                                         \
      }                                                                   \
  } G_STMT_END
