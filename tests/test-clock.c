/* test-clock.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dh-clock.h"

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_clock_now (void)
{
  g_autoptr(DhClock) clock = dh_clock_new ();
  gint64 real = g_get_real_time () / G_USEC_PER_SEC;
  guint notified = 0;

  g_assert_cmpint (ABS (dh_clock_get_now (clock) - real), <=, 2);

  g_signal_connect (clock, "notify::now", G_CALLBACK (count_cb), &notified);
  dh_clock_set_now (clock, real + 3600);
  g_assert_cmpint (dh_clock_get_now (clock), ==, real + 3600);
  g_assert_cmpuint (notified, ==, 1);

  /* The same minute again tells nobody. */
  dh_clock_set_now (clock, real + 3600);
  g_assert_cmpuint (notified, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Clock/now", test_clock_now);

  return g_test_run ();
}
