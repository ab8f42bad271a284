/* test-ui-i18n.c: the main window in German (#13)
 *
 * Runs under LANGUAGE=de and LC_ALL=de_DE.UTF-8 (tests/meson.build; the
 * locale comes from build-aux/install-deps) with DOCKHAND_LOCALEDIR at the
 * catalogues meson compiled into the build tree, as the uninstalled app
 * finds them (src/dh-i18n.c).
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "dh-application.h"
#include "dh-i18n.h"
#include "dh-images-page.h"
#include "dh-window.h"
#include "dh-test-util.h"
#include "dh-ui-test-util.h"

#define TIMEOUT_MS 30000

static gboolean locale_known;

/* Fails under CI=true, skips otherwise, when the German locale is missing. */
static gboolean
require_locale (void)
{
  if (locale_known)
    return TRUE;

  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    {
      g_test_message ("the C library does not know the locale %s: run build-aux/install-deps",
                      g_getenv ("LC_ALL"));
      g_test_fail ();
    }
  else
    g_test_skip_printf ("no locale %s: run build-aux/install-deps", g_getenv ("LC_ALL"));

  return FALSE;
}

static void
test_i18n_catalogue (void)
{
  if (!require_locale ())
    return;

  g_assert_cmpstr (dh_i18n_get_localedir (), ==, g_getenv ("DOCKHAND_LOCALEDIR"));

  g_assert_cmpstr (_("Local Images"), ==, "Lokale Abbilder");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window", "Quit"), ==, "Beenden");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u layer", "%u layers", 1), ==, "%u Schicht");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u layer", "%u layers", 3), ==, "%u Schichten");
}

static void
collect_texts (GtkWidget *widget,
               GPtrArray *texts)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_ptr_array_add (texts, g_strdup (gtk_widget_get_tooltip_text (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static gboolean
has_text (GPtrArray  *texts,
          const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
images_listed (gpointer data)
{
  DhApplication *app = data;
  DhWindow *window = DH_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  DhImagesPage *page = dh_window_get_images_page (window);

  return !dh_application_get_discovering (app) &&
         g_strcmp0 (dh_images_page_get_state (page), "images") == 0;
}

static void
test_i18n_main_window (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DhApplication) app = NULL;
  GtkColumnView *column_view;
  GListModel *columns;
  GtkWindow *window;

  if (host == NULL || dh_test_require_env ("DISPLAY") == NULL || !require_locale ())
    return;

  dh_ui_test_init ();
  app = dh_ui_test_app_new (host);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (DH_IS_WINDOW (window));
  gtk_window_set_default_size (window, 1000, 640);

  dh_ui_test_wait_until (images_listed, app, "the local images", TIMEOUT_MS);
  dh_ui_test_run_frames (300);

  /* What the window shows on screen: the view's title, the labels and
   * the header bar's tooltips, in German and not in English. */
  collect_texts (GTK_WIDGET (window), texts);
  g_assert_true (has_text (texts, "Lokale Abbilder"));
  g_assert_true (has_text (texts, "Aktualisieren (F5)"));
  g_assert_true (has_text (texts, "Abbilder durchsuchen (Strg+F)"));
  g_assert_false (has_text (texts, "Local Images"));
  g_assert_false (has_text (texts, "Refresh (F5)"));

  /* The image list's column headers. */
  column_view = dh_images_page_get_column_view (dh_window_get_images_page (DH_WINDOW (window)));
  columns = gtk_column_view_get_columns (column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_ptr_array_add (titles, g_strdup (gtk_column_view_column_get_title (column)));
    }
  g_assert_true (has_text (titles, "Größe"));
  g_assert_true (has_text (titles, "Erstellt"));
  g_assert_true (has_text (titles, "Abbild-ID"));
  g_assert_false (has_text (titles, "Size"));

  dh_ui_test_save_screenshot (GTK_WIDGET (window), "main-window-de.png");

  /* Right to left (as in Arabic or Hebrew): the header's columns and the
   * rows' fields change sides together. */
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  dh_ui_test_run_frames (300);
  dh_ui_test_save_screenshot (GTK_WIDGET (window), "main-window-rtl.png");
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);

  gtk_window_destroy (window);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

int
main (int   argc,
      char *argv[])
{
  /* As main.c does, before anything reads a translation. */
  locale_known = dh_i18n_init ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/I18n/catalogue", test_i18n_catalogue);
  g_test_add_func ("/Dockhand/I18n/main-window", test_i18n_main_window);

  return g_test_run ();
}
