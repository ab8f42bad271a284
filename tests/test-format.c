/* test-format.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <pango/pangocairo.h>

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

/* A day of one digit without a space before it: "( 7 December" read as
 * a mistake in the image details. */
static void
test_absolute_time (void)
{
  g_autofree char *seventh = dh_format_absolute_time (1796646840);  /* 2026-12-07 12:34 UTC */
  g_autofree char *seventeenth = dh_format_absolute_time (1796646840 + 10 * 86400);

  g_assert_cmpstr (seventh, ==, "7 December 2026, 12:34");
  g_assert_cmpstr (seventeenth, ==, "17 December 2026, 12:34");
}

/* A command wraps between its words only (it wrapped inside
 * "dockhand-practice-registry" and after "127.0.0.1:5000/"). */
static void
test_command_attributes (void)
{
  static const char command[] =
    "docker run -d -p 127.0.0.1:5000:5000 --name dockhand-practice-registry registry:2\n"
    "docker tag app:0.1 127.0.0.1:5000/fresh-2620:0.1.1";
  PangoFontMap *fonts = pango_cairo_font_map_get_default ();
  g_autoptr(GObject) context = G_OBJECT (pango_font_map_create_context (fonts));
  g_autoptr(PangoLayout) layout = pango_layout_new (PANGO_CONTEXT (context));
  PangoAttrList *attrs = dh_format_command_attributes (command);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("monospace 10");
  guint breaks = 0;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, command, -1);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);

  /* Narrow enough for many lines, wide enough for each word. */
  for (int chars = 32; chars <= 60; chars += 7)
    {
      PangoRectangle one;

      pango_layout_set_width (layout, -1);
      pango_layout_set_text (layout, "m", 1);
      pango_layout_get_pixel_extents (layout, NULL, &one);
      pango_layout_set_text (layout, command, -1);
      pango_layout_set_width (layout, chars * one.width * PANGO_SCALE);

      for (int i = 1; i < pango_layout_get_line_count (layout); i++)
        {
          PangoLayoutLine *line = pango_layout_get_line_readonly (layout, i);
          char before = command[line->start_index - 1];

          g_test_message ("%d chars: line %d starts at %d", chars, i, line->start_index);
          g_assert_true (before == ' ' || before == '\n');
          breaks++;
        }
    }
  g_assert_cmpuint (breaks, >, 5);
}

int
main (int   argc,
      char *argv[])
{
  /* The expected texts are the untranslated ones, in UTC. */
  setlocale (LC_ALL, "C");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Format/relative-time", test_relative_time);
  g_test_add_func ("/Dockhand/Format/split-name", test_split_name);
  g_test_add_func ("/Dockhand/Format/group-names", test_group_names);
  g_test_add_func ("/Dockhand/Format/absolute-time", test_absolute_time);
  g_test_add_func ("/Dockhand/Format/command-attributes", test_command_attributes);

  return g_test_run ();
}
