/* dh-ui-test-util.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "dh-ui-test-util.h"

/* How long a screenshot waits for its widget to be shown. */
#define SCREENSHOT_TIMEOUT_MS 60000

void
dh_ui_test_init (void)
{
  adw_init ();
  g_object_set (gtk_settings_get_default (),
                "gtk-enable-animations", FALSE,
                "gtk-cursor-blink", FALSE,
                NULL);
}

DhApplication *
dh_ui_test_app_new (const char *engine_uri)
{
  g_autoptr(GError) error = NULL;
  DhApplication *app;

  app = dh_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_settings_set_string (dh_application_get_settings (app), "engine-uri", engine_uri);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

GtkWindow *
dh_ui_test_ensure_window (DhApplication **app,
                          const char     *engine_uri)
{
  GtkWindow *window;

  if (*app == NULL)
    {
      dh_ui_test_init ();
      *app = dh_ui_test_app_new (engine_uri);
    }

  g_settings_set_string (dh_application_get_settings (*app), "engine-uri", engine_uri);
  g_application_activate (G_APPLICATION (*app));
  window = gtk_application_get_active_window (GTK_APPLICATION (*app));
  g_assert_nonnull (window);

  return window;
}

gboolean
dh_ui_test_wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
dh_ui_test_run_frames (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  guint wake = g_timeout_add (10, dh_ui_test_wake_cb, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake);
}

void
dh_ui_test_wait_until (gboolean   (*check) (gpointer data),
                       gpointer     data,
                       const char  *what,
                       guint        timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  guint wake = g_timeout_add (20, dh_ui_test_wake_cb, NULL);

  while (!check (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake);
}

gboolean
dh_ui_test_widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

gboolean
dh_ui_test_pointer_cleared (gpointer data)
{
  return *(gpointer *)data == NULL;
}

gboolean
dh_ui_test_engine_settled (gpointer data)
{
  DhApplication *app = data;

  return dh_application_get_engine (app) != NULL ||
         (!dh_application_get_discovering (app) && dh_application_get_engine_error (app) != NULL);
}

static gboolean
widget_allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

void
dh_ui_test_save_screenshot (GtkWidget  *widget,
                            const char *name)
{
  const char *dir = g_getenv ("DH_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width;
  int height;

  if (dir == NULL || *dir == '\0')
    return;

  dh_ui_test_wait_until (dh_ui_test_widget_mapped, widget, "the widget to be shown",
                         SCREENSHOT_TIMEOUT_MS);
  dh_ui_test_run_frames (300);
  /* On a loaded machine a new window can be mapped a while before its
   * first allocation. */
  dh_ui_test_wait_until (widget_allocated, widget, "the widget to get a size", SCREENSHOT_TIMEOUT_MS);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);

  /* A window shown a moment ago may not have drawn its first frame. */
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      if (attempt > 0)
        dh_ui_test_run_frames (100);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot saved to %s", path);
}

GtkWindow *
dh_ui_test_find_toplevel (GType type)
{
  /* transfer none: GTK's own list, not ours to unref. */
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      /* transfer full: this reference is ours, and dropped. */
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

GtkWidget *
dh_ui_test_find_by_id (GtkWidget  *widget,
                       const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dh_ui_test_find_by_id (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
dh_ui_test_find_by_type (GtkWidget *widget,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dh_ui_test_find_by_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

double
dh_ui_test_space_below (GtkWidget *container,
                        GPtrArray *rows)
{
  double bottom = 0;

  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (rows, i), container, &bounds));
      bottom = MAX (bottom, bounds.origin.y + bounds.size.height);
    }

  return gtk_widget_get_height (container) - bottom;
}

DhImage *
dh_ui_test_find_image (GListModel *model,
                       const char *name)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhImage) image = g_list_model_get_item (model, i);

      if (dh_image_has_tag (image, name))
        return image;
    }

  return NULL;
}

void
dh_ui_test_press_keys (GtkWindow  *window,
                       const char *keys)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xid = NULL;
  g_autofree char *command = NULL;
  GdkSurface *surface;
  int status = 0;

  g_assert_true (GTK_IS_WINDOW (window));
  g_assert_nonnull (keys);

  dh_ui_test_wait_until (dh_ui_test_widget_mapped, window, "the window to be shown", 30000);
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface));

  /* windowfocus sets the X input focus itself; key then sends the keys
   * through XTEST, as a keyboard would. */
  command = g_strdup_printf ("xdotool windowfocus --sync %s key --clearmodifiers %s", xid, keys);
  if (!g_spawn_command_line_sync (command, NULL, NULL, &status, &error))
    g_error ("Could not run xdotool: %s", error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* The X server has the keys; GTK reads them on its next iterations. */
  dh_ui_test_run_frames (300);
}
