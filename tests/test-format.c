/* test-format.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "dh-format.h"

#define NOW ((gint64)1800000000)

static void
test_relative_time (void)
{
  static const struct {
    gint64      ago;
    const char *text;
  } cases[] = {
    { -30, "Just now" },            /* the engine's clock a little ahead */
    { 0, "Just now" },
    { 59, "Just now" },
    { 60, "1 minute ago" },
    { 150, "2 minutes ago" },
    { 3599, "59 minutes ago" },
    { 3600, "1 hour ago" },
    { 86399, "23 hours ago" },
    { 86400, "1 day ago" },
    { 3 * 86400 + 5, "3 days ago" },
    { 29 * 86400, "29 days ago" },
    { 30 * 86400, "1 month ago" },
    { 364 * 86400, "12 months ago" },
    { 365 * 86400, "1 year ago" },
    { 3 * 365 * 86400 + 1, "3 years ago" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dh_format_relative_time (NOW - cases[i].ago, NOW);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_split_name (void)
{
  static const struct {
    const char *name;
    const char *repository;
    const char *tag;
  } cases[] = {
    { "alpine:3.20", "alpine", "3.20" },
    { "alice/app:1.0", "alice/app", "1.0" },
    { "localhost:5000/x:1", "localhost:5000/x", "1" },
    { "localhost:5000/x", "localhost:5000/x", NULL },
    { "alpine", "alpine", NULL },
    { "[::1]:5000/team/app:v2", "[::1]:5000/team/app", "v2" },
    { "app@sha256:0123456789abcdef", "app@sha256:0123456789abcdef", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *repository = NULL;
      g_autofree char *tag = NULL;

      dh_format_split_name (cases[i].name, &repository, &tag);
      g_assert_cmpstr (repository, ==, cases[i].repository);
      g_assert_cmpstr (tag, ==, cases[i].tag);
    }
}

static void
test_group_names (void)
{
  const char *names[] = {
    "alice/app:1.0",
    "registry.example.com/alice/app:1.0",
    "alice/app:latest",
    "alice/app",
    NULL
  };
  g_auto(GStrv) repositories = NULL;
  g_auto(GStrv) tags = NULL;

  /* One line per repository, in order of first appearance, its tags beside it. */
  dh_format_group_names (names, &repositories, &tags);
  g_assert_cmpuint (g_strv_length (repositories), ==, 2);
  g_assert_cmpuint (g_strv_length (tags), ==, 2);
  g_assert_cmpstr (repositories[0], ==, "alice/app");
  g_assert_cmpstr (tags[0], ==, "1.0, latest");
  g_assert_cmpstr (repositories[1], ==, "registry.example.com/alice/app");
  g_assert_cmpstr (tags[1], ==, "1.0");

  g_clear_pointer (&repositories, g_strfreev);
  g_clear_pointer (&tags, g_strfreev);

  /* An untagged image has no lines. */
  dh_format_group_names (NULL, &repositories, &tags);
  g_assert_cmpuint (g_strv_length (repositories), ==, 0);
  g_assert_cmpuint (g_strv_length (tags), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* The expected texts are the untranslated ones. */
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Format/relative-time", test_relative_time);
  g_test_add_func ("/Dockhand/Format/split-name", test_split_name);
  g_test_add_func ("/Dockhand/Format/group-names", test_group_names);

  return g_test_run ();
}
