/* dh-window.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-app-session.h"
#include "dh-accounts-popover.h"
#include "dh-create-repository-dialog.h"
#include "dh-engine-gate.h"
#include "dh-hub-page.h"
#include "dh-image-details-window.h"
#include "dh-images-page.h"
#include "dh-lazy-bin.h"
#include "dh-publish-dialog.h"
#include "dh-push-guard.h"
#include "dh-registry-page.h"
#include "dh-search-dialog.h"
#include "dh-tag-dialog.h"
#include "dh-transfer-dialog.h"
#include "dh-transfers-page.h"
#include "dh-window.h"

struct _DhWindow
{
  AdwApplicationWindow  parent_instance;

  /* Owned references */
  GSettings            *settings;

  /* Template widgets */
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkToggleButton      *search_button;
  GtkMenuButton        *engine_button;
  GtkImage             *engine_icon;
  GtkLabel             *engine_label;
  GtkLabel             *engine_title;
  GtkGrid              *engine_grid;
  GtkLabel             *engine_uri;
  GtkLabel             *engine_reason;
  GtkLabel             *engine_api;
  GtkLabel             *engine_error;
  AdwToastOverlay      *toasts;
  AdwViewStack         *stack;
  DhImagesPage         *images_page;
};

G_DEFINE_FINAL_TYPE (DhWindow, dh_window, ADW_TYPE_APPLICATION_WINDOW)

static DhApplication *
dh_window_get_dh_application (DhWindow *self)
{
  return DH_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
dh_window_update_actions (DhWindow *self)
{
  const char *view;

  g_assert (DH_IS_WINDOW (self));

  view = dh_window_get_view (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", g_strcmp0 (view, "images") == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), g_strcmp0 (view, "images") == 0);
}

static void
dh_window_update_switcher (DhWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->stack);
  /* A switcher with a single view is noise: show it once a second
   * view (Transfers, Docker Hub) is there. */
  gboolean several = g_list_model_get_n_items (G_LIST_MODEL (pages)) > 1;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, several);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    several && adw_view_switcher_title_get_title_visible (self->switcher_title));
}

/* The header's engine button: read from the session each time its
 * engine changes state, never kept. */
static void
dh_window_update_engine (DhWindow *self)
{
  DhApplication *app = dh_window_get_dh_application (self);
  DhSession *session;
  DhEngine *engine;
  DhEngineKind last_kind;
  DhEngineState state;
  const GError *error;

  g_assert (DH_IS_WINDOW (self));

  if (app == NULL || !(session = dh_application_get_session (app)))
    return;

  engine = dh_session_get_engine (session);
  error = dh_session_get_engine_error (session);
  state = dh_session_get_engine_state (session);
  last_kind = dh_session_get_last_engine_kind (session);

  gtk_widget_remove_css_class (GTK_WIDGET (self->engine_button), "warning");

  if (engine != NULL)
    {
      const char *name = dh_engine_get_display_name (engine);
      const char *reason = dh_engine_get_reason (engine);
      g_autofree char *version = g_strdup (dh_engine_get_version (engine));
      g_autofree char *short_name = NULL;

      /* The header bar is shared with the view switcher: say just
       * "Docker 20.10.24" (no distribution suffix such as "+dfsg1");
       * the popover has the full name. */
      if (version != NULL)
        version[strcspn (version, "+~")] = '\0';

      if (dh_engine_get_kind (engine) == DH_ENGINE_KIND_DOCKER && version != NULL)
        short_name = g_strdup_printf (_("Docker %s"), version);
      else if (dh_engine_get_kind (engine) == DH_ENGINE_KIND_PODMAN && version != NULL)
        short_name = g_strdup_printf (_("Podman %s"), version);
      else
        short_name = g_strdup (name);

      gtk_image_set_from_icon_name (self->engine_icon, "network-server-symbolic");
      gtk_label_set_text (self->engine_label, short_name);
      gtk_label_set_text (self->engine_title, name);
      gtk_label_set_text (self->engine_uri, dh_engine_get_uri (engine));
      gtk_label_set_text (self->engine_reason, reason != NULL ? reason : _("Unknown"));
      gtk_label_set_text (self->engine_api, dh_engine_get_api_version (engine));
      gtk_widget_set_visible (GTK_WIDGET (self->engine_grid), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->engine_error), FALSE);
    }
  else if (state == DH_ENGINE_STATE_CONNECTING)
    {
      gtk_image_set_from_icon_name (self->engine_icon, "network-server-symbolic");
      gtk_label_set_text (self->engine_label, _("Connecting…"));
      gtk_label_set_text (self->engine_title,
                          last_kind == DH_ENGINE_KIND_DOCKER ? _("Looking for Docker again…")
                          : last_kind == DH_ENGINE_KIND_PODMAN ? _("Looking for Podman again…")
                          : _("Looking for Docker or Podman…"));
      gtk_widget_set_visible (GTK_WIDGET (self->engine_grid), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->engine_error), FALSE);
    }
  else if (last_kind != DH_ENGINE_KIND_UNKNOWN)
    {
      /* It was there and went away: not the same as none found. */
      gtk_image_set_from_icon_name (self->engine_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->engine_button), "warning");
      gtk_label_set_text (self->engine_label,
                          last_kind == DH_ENGINE_KIND_PODMAN ? _("Podman Stopped") : _("Docker Stopped"));
      gtk_label_set_text (self->engine_title, _("The Container Engine Stopped"));
      gtk_label_set_text (self->engine_error,
                          error != NULL ? error->message
                                        : _("The container engine stopped answering."));
      gtk_widget_set_visible (GTK_WIDGET (self->engine_grid), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->engine_error), TRUE);
    }
  else
    {
      gtk_image_set_from_icon_name (self->engine_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->engine_button), "warning");
      gtk_label_set_text (self->engine_label, _("No Engine"));
      gtk_label_set_text (self->engine_title, _("No Container Engine"));
      gtk_label_set_text (self->engine_error,
                          error != NULL ? error->message
                                        : _("Neither Docker nor Podman answered."));
      gtk_widget_set_visible (GTK_WIDGET (self->engine_grid), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->engine_error), TRUE);
    }
}

/* The keyboard shortcuts window is built when first asked for, not with
 * every window (GtkApplication would build gtk/help-overlay.ui up front,
 * a good part of the time to the first frame). */
static void
dh_window_show_help_overlay_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/dockhand/Dockhand/dh-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

static void
dh_window_refresh_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  DhWindow *self = (DhWindow *)widget;
  DhApplication *app = dh_window_get_dh_application (self);

  g_assert (DH_IS_WINDOW (self));

  /* The Docker Hub and Registries views reload their own listing. */
  if (g_strcmp0 (dh_window_get_view (self), "hub") == 0 ||
      g_strcmp0 (dh_window_get_view (self), "registries") == 0)
    {
      GtkWidget *view = dh_window_get_page (self, dh_window_get_view (self));

      gtk_widget_activate_action (view, g_strcmp0 (dh_window_get_view (self), "hub") == 0
                                          ? "hub.reload" : "registry.reload", NULL);
      return;
    }

  /* Without an engine, refreshing means looking for it again now
   * (unless that is under way already). */
  if (app != NULL && dh_application_get_session (app) != NULL &&
      dh_session_get_engine_state (dh_application_get_session (app)) != DH_ENGINE_STATE_CONNECTED)
    {
      if (dh_session_get_engine_state (dh_application_get_session (app)) == DH_ENGINE_STATE_LOST)
        dh_application_reload_engine (app);
      return;
    }

  dh_images_page_refresh (self->images_page);
}

static void
dh_window_search_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  DhWindow *self = (DhWindow *)widget;

  g_assert (DH_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->stack, "images");
  gtk_widget_activate_action (GTK_WIDGET (self->images_page), "images.search", NULL);
}

static void
dh_window_toast_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  dh_window_add_toast (DH_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* Tag… and Push… act on the selected image; tagging and pushing need
 * the engine connected (the buttons say why when it is not). */
static void
dh_window_update_image_actions (DhWindow *self)
{
  DhApplication *app = dh_window_get_dh_application (self);
  gboolean selected = dh_images_page_get_selected (self->images_page) != NULL;
  gboolean connected = app == NULL || dh_engine_gate_is_open (dh_application_get_session (app));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.tag-selected", selected && connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.push-selected", selected && connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.publish-selected", selected && connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.tag-image", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.tag-image-as", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.push-image", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.publish-image", connected);
}

/* An image of the list by ID or by one of its names; NULL when the
 * list has none. */
static DhImage *
dh_window_find_image (DhWindow   *self,
                      const char *text)
{
  DhImageList *list = dh_images_page_get_image_list (self->images_page);
  DhImage *image;

  if (list == NULL || text == NULL || *text == '\0')
    return NULL;

  if ((image = dh_image_list_find_by_id (list, text)))
    return image;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(DhImage) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (dh_image_has_tag (item, text))
        return item;
    }

  return NULL;
}

/* The image a parameter names: "" is the selected one. */
static DhImage *
dh_window_image_for_param (DhWindow *self,
                           GVariant *param)
{
  const char *text = param != NULL ? g_variant_get_string (param, NULL) : "";

  if (*text == '\0')
    return dh_images_page_get_selected (self->images_page);

  return dh_window_find_image (self, text);
}

static void
dh_window_present_tag_dialog (DhWindow   *self,
                              DhImage    *image,
                              const char *source,
                              const char *target)
{
  DhApplication *app = dh_window_get_dh_application (self);
  DhTagDialog *dialog;

  if (app == NULL)
    return;

  if (image != NULL)
    {
      const char * const *tags = dh_image_get_tags (image);

      dialog = dh_tag_dialog_new (dh_application_get_transfer_manager (app),
                                  source != NULL ? source
                                  : tags != NULL && tags[0] != NULL ? tags[0] : dh_image_get_id (image));
      dh_tag_dialog_set_image (dialog, image, NULL);
    }
  else if (source != NULL)
    dialog = dh_tag_dialog_new (dh_application_get_transfer_manager (app), source);
  else
    return;

  if (target != NULL && *target != '\0')
    dh_tag_dialog_set_target (dialog, target);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* win.tag-image (s: image name or ID, "" for the selected image). */
static void
dh_window_tag_image_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  DhWindow *self = (DhWindow *)widget;
  const char *text = g_variant_get_string (param, NULL);
  DhImage *image = dh_window_image_for_param (self, param);

  dh_window_present_tag_dialog (self, image, *text != '\0' ? text : NULL, NULL);
}

/* win.tag-image-as ((ss): image name or ID, suggested new name): the
 * tag dialog with the target filled in (a push denied for its name
 * offers it). */
static void
dh_window_tag_image_as_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  DhWindow *self = (DhWindow *)widget;
  const char *source;
  const char *target;

  g_variant_get (param, "(&s&s)", &source, &target);
  if (*source == '\0')
    return;

  dh_window_present_tag_dialog (self, dh_window_find_image (self, source), source, target);
}

static void
push_now_cb (GtkWindow  *parent,
             const char *reference,
             gpointer    user_data)
{
  DhWindow *self = user_data;
  DhApplication *app = dh_window_get_dh_application (self);

  if (app != NULL)
    dh_transfer_dialog_present_push (GTK_WINDOW (self), dh_application_get_transfer_manager (app), reference);
}

/* win.push-image (s: the reference; "" for the selected image's first
 * name that says where it goes, "alice/app:1.0"). An image without one
 * is named in the tag dialog first, whose "Tag and Push" comes back
 * here. Warns first when the push would create a public Hub
 * repository. */
static void
dh_window_push_image_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  DhWindow *self = (DhWindow *)widget;
  const char *reference = g_variant_get_string (param, NULL);
  DhImage *image;
  const char * const *tags;

  if (dh_window_get_dh_application (self) == NULL)
    return;

  if (*reference != '\0')
    {
      dh_push_guard_check (GTK_WINDOW (self), reference, push_now_cb, self);
      return;
    }

  if (!(image = dh_images_page_get_selected (self->images_page)))
    return;

  tags = dh_image_get_tags (image);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (strchr (tags[i], '/') != NULL)
      {
        dh_push_guard_check (GTK_WINDOW (self), tags[i], push_now_cb, self);
        return;
      }

  dh_window_present_tag_dialog (self, image, NULL, NULL);
}

/* win.tag-selected, win.push-selected: the header's Tag… and Push…
 * (off while no image is selected). */
static void
dh_window_tag_selected_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  gtk_widget_activate_action (widget, "win.tag-image", "s", "");
}

static void
dh_window_push_selected_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  gtk_widget_activate_action (widget, "win.push-image", "s", "");
}

/* win.publish-image (s: image name or ID, "" for the selected image):
 * the Publish assistant. */
static void
dh_window_publish_image_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  DhWindow *self = (DhWindow *)widget;
  DhApplication *app = dh_window_get_dh_application (self);
  DhImage *image = dh_window_image_for_param (self, param);
  DhPublishDialog *dialog;

  if (app == NULL || image == NULL || dh_application_get_session (app) == NULL)
    return;

  dialog = dh_publish_dialog_new (dh_application_get_session (app), image,
                                  g_variant_get_string (param, NULL));
  /* The active window then, so the login dialog it may open sits on it. */
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (app));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dh_window_publish_selected_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  gtk_widget_activate_action (widget, "win.publish-image", "s", "");
}

/* win.show-image (s: image name or ID): its details. */
static void
dh_window_show_image_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  DhWindow *self = (DhWindow *)widget;
  DhApplication *app = dh_window_get_dh_application (self);
  DhImage *image = dh_window_image_for_param (self, param);
  DhImageDetailsWindow *details;

  if (app == NULL || dh_application_get_engine (app) == NULL)
    return;

  if (image == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is an image name such as alice/app:1.0 */
      text = g_strdup_printf (_("“%s” is not among the local images (yet): wait for the list "
                                "to show it, or press F5 to list the images again."),
                              g_variant_get_string (param, NULL));
      dh_window_add_toast (self, text);
      return;
    }

  details = dh_image_details_window_new (dh_application_get_engine (app), image);
  gtk_window_set_transient_for (GTK_WINDOW (details), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (details));
}

/* win.show-transfer (u: position in the Transfers list): its dialog. */
static void
dh_window_show_transfer_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  DhWindow *self = (DhWindow *)widget;
  DhApplication *app = dh_window_get_dh_application (self);
  g_autoptr(DhTransfer) transfer = NULL;
  DhTransferManager *manager;
  DhTransferDialog *dialog;

  if (app == NULL)
    return;

  manager = dh_application_get_transfer_manager (app);
  if (!(transfer = g_list_model_get_item (G_LIST_MODEL (manager), g_variant_get_uint32 (param))))
    return;

  dialog = dh_transfer_dialog_new_for_transfer (manager, transfer);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The view named @name if it was built, or NULL. */
static GtkWidget *
dh_window_peek_page (DhWindow   *self,
                     const char *name)
{
  GtkWidget *page = adw_view_stack_get_child_by_name (self->stack, name);

  return DH_IS_LAZY_BIN (page) ? dh_lazy_bin_peek_child (DH_LAZY_BIN (page)) : page;
}

GtkWidget *
dh_window_get_page (DhWindow   *self,
                    const char *name)
{
  GtkWidget *page;

  g_return_val_if_fail (DH_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  page = adw_view_stack_get_child_by_name (self->stack, name);

  return DH_IS_LAZY_BIN (page) ? dh_lazy_bin_get_child (DH_LAZY_BIN (page)) : page;
}

static DhHubPage *
dh_window_get_hub_page (DhWindow *self)
{
  GtkWidget *page = dh_window_get_page (self, "hub");

  return DH_IS_HUB_PAGE (page) ? DH_HUB_PAGE (page) : NULL;
}

/* win.create-repository (s: Docker Hub namespace): the form; a new
 * repository joins the Docker Hub view's list. */
static void
dh_window_create_repository_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  DhWindow *self = (DhWindow *)widget;
  DhHubPage *hub = dh_window_get_hub_page (self);
  DhCreateRepositoryDialog *dialog;

  if (hub == NULL || dh_hub_page_get_session (hub) == NULL)
    return;

  dialog = dh_create_repository_dialog_new (dh_hub_session_get_client (dh_hub_page_get_session (hub)),
                                            g_variant_get_string (param, NULL));
  g_signal_connect_object (dialog, "created", G_CALLBACK (dh_hub_page_add_repository), hub, G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* win.search-hub (s: term, "" for an empty search): Find Images. */
static void
dh_window_search_hub_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  const char *term = g_variant_get_string (param, NULL);

  dh_search_dialog_present (GTK_WINDOW (widget), *term != '\0' ? term : NULL);
}

static gboolean
dh_window_close_request (GtkWindow *window)
{
  DhWindow *self = (DhWindow *)window;
  int width;
  int height;

  gtk_window_get_default_size (window, &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_string (self->settings, "last-view", dh_window_get_view (self));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (dh_window_parent_class)->close_request (window);
}

/* The one place where a finished push reaches the views that list
 * what registries hold: they read their listing again. */
static void
transfer_finished_cb (DhWindow   *self,
                      DhTransfer *transfer)
{
  /* A view not built yet reads its listing when it is. */
  GtkWidget *registries = dh_window_peek_page (self, "registries");
  GtkWidget *hub = dh_window_peek_page (self, "hub");
  const char *reference = dh_transfer_get_reference (transfer);

  if (dh_transfer_get_kind (transfer) != DH_TRANSFER_KIND_PUSH ||
      dh_transfer_get_state (transfer) != DH_TRANSFER_STATE_SUCCEEDED)
    return;

  if (DH_IS_REGISTRY_PAGE (registries))
    dh_registry_page_notify_pushed (DH_REGISTRY_PAGE (registries), reference);
  if (DH_IS_HUB_PAGE (hub))
    dh_hub_page_notify_pushed (DH_HUB_PAGE (hub), reference);
}

static GtkWidget *
build_hub_page (gpointer user_data)
{
  return dh_hub_page_new ();
}

static GtkWidget *
build_registry_page (gpointer user_data)
{
  GtkWidget *registries = dh_registry_page_new (dh_session_get_accounts (dh_app_session ()));

  /* Always there: without a login it offers the practice registry. */
  dh_registry_page_set_session (DH_REGISTRY_PAGE (registries), dh_app_session ());
  return registries;
}

static GtkWidget *
build_transfers_page (gpointer user_data)
{
  return dh_transfers_page_new (DH_TRANSFER_MANAGER (user_data));
}

/* "application" is not a construct property, so this runs once it is set. */
static void
dh_window_attach (DhWindow      *self,
                  DhApplication *app)
{
  g_autofree char *last_view = NULL;

  g_assert (DH_IS_WINDOW (self));
  g_assert (DH_IS_APPLICATION (app));

  self->settings = g_object_ref (dh_application_get_settings (app));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The other views are built the first time they are shown: the
   * window opens on the images without building them. */
  {
    AdwViewStackPage *page;

    page = adw_view_stack_add_titled (self->stack, dh_lazy_bin_new (build_hub_page, NULL, NULL),
                                      "hub", _("Docker Hub"));
    adw_view_stack_page_set_icon_name (page, "system-users-symbolic");
  }

  {
    AdwViewStackPage *page;

    page = adw_view_stack_add_titled (self->stack, dh_lazy_bin_new (build_registry_page, NULL, NULL),
                                      "registries", _("Registries"));
    adw_view_stack_page_set_icon_name (page, "network-server-symbolic");
  }

  {
    DhTransferManager *transfers = dh_application_get_transfer_manager (app);
    AdwViewStackPage *page;

    page = adw_view_stack_add_titled (self->stack,
                                      dh_lazy_bin_new (build_transfers_page, g_object_ref (transfers), g_object_unref),
                                      "transfers", _("Transfers"));
    adw_view_stack_page_set_icon_name (page, "folder-download-symbolic");
    g_object_bind_property (transfers, "n-running", page, "badge-number", G_BINDING_SYNC_CREATE);
    g_signal_connect_object (transfers, "transfer-finished",
                             G_CALLBACK (transfer_finished_cb), self, G_CONNECT_SWAPPED);
    dh_window_update_switcher (self);
  }

  last_view = g_settings_get_string (self->settings, "last-view");
  if (adw_view_stack_get_child_by_name (self->stack, last_view) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, last_view);

  {
    DhSession *session = dh_application_get_session (app);
    static const char * const engine_props[] = {
      "notify::engine", "notify::engine-error", "notify::engine-state", "notify::last-engine-kind",
    };

    /* The page, the header and the actions follow the session's engine. */
    dh_images_page_set_session (self->images_page, session);
    for (guint i = 0; i < G_N_ELEMENTS (engine_props); i++)
      g_signal_connect_object (session, engine_props[i],
                               G_CALLBACK (dh_window_update_engine), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (session, "notify::engine-state",
                             G_CALLBACK (dh_window_update_image_actions), self, G_CONNECT_SWAPPED);
  }

  dh_window_update_engine (self);
  dh_window_update_image_actions (self);
}

static void
dh_window_dispose (GObject *object)
{
  DhWindow *self = (DhWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_WINDOW);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dh_window_parent_class)->dispose (object);
}

static void
dh_window_class_init (DhWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dh_window_dispose;

  window_class->close_request = dh_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DhWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, engine_button);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, engine_icon);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, engine_label);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, engine_title);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, engine_grid);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, engine_uri);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, engine_reason);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, engine_api);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, engine_error);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DhWindow, images_page);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, dh_window_refresh_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, dh_window_show_help_overlay_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, dh_window_search_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", dh_window_toast_action);
  gtk_widget_class_install_action (widget_class, "win.tag-image", "s", dh_window_tag_image_action);
  gtk_widget_class_install_action (widget_class, "win.tag-image-as", "(ss)", dh_window_tag_image_as_action);
  gtk_widget_class_install_action (widget_class, "win.push-image", "s", dh_window_push_image_action);
  gtk_widget_class_install_action (widget_class, "win.show-image", "s", dh_window_show_image_action);
  gtk_widget_class_install_action (widget_class, "win.show-transfer", "u", dh_window_show_transfer_action);
  gtk_widget_class_install_action (widget_class, "win.create-repository", "s", dh_window_create_repository_action);
  gtk_widget_class_install_action (widget_class, "win.search-hub", "s", dh_window_search_hub_action);
  gtk_widget_class_install_action (widget_class, "win.tag-selected", NULL, dh_window_tag_selected_action);
  gtk_widget_class_install_action (widget_class, "win.push-selected", NULL, dh_window_push_selected_action);
  gtk_widget_class_install_action (widget_class, "win.publish-image", "s", dh_window_publish_image_action);
  gtk_widget_class_install_action (widget_class, "win.publish-selected", NULL, dh_window_publish_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "win.tag-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.push-selected", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);

  g_type_ensure (DH_TYPE_ACCOUNTS_POPOVER);
  g_type_ensure (DH_TYPE_IMAGES_PAGE);
}

static void
dh_window_init (DhWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  g_object_bind_property (self->search_button, "active",
                          self->images_page, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (dh_window_update_switcher), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (dh_window_update_actions), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (dh_images_page_get_model (self->images_page), "selection-changed",
                           G_CALLBACK (dh_window_update_image_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dh_images_page_get_model (self->images_page), "items-changed",
                           G_CALLBACK (dh_window_update_image_actions), self, G_CONNECT_SWAPPED);

  dh_window_update_switcher (self);
  dh_window_update_actions (self);
  dh_window_update_image_actions (self);
}

DhWindow *
dh_window_new (DhApplication *application)
{
  DhWindow *self;

  g_return_val_if_fail (DH_IS_APPLICATION (application), NULL);

  self = g_object_new (DH_TYPE_WINDOW,
                       "application", application,
                       NULL);
  dh_window_attach (self, application);

  return self;
}

DhImagesPage *
dh_window_get_images_page (DhWindow *self)
{
  g_return_val_if_fail (DH_IS_WINDOW (self), NULL);

  return self->images_page;
}

const char *
dh_window_get_view (DhWindow *self)
{
  g_return_val_if_fail (DH_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
dh_window_add_toast (DhWindow   *self,
                     const char *title)
{
  g_return_if_fail (DH_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (title));
}
